/**
 * Quick exit: leave for a neutral site at once and take this page's traces with it.
 * The page is blanked first (someone may be looking over a shoulder), then storage is
 * cleared and the server expires the attendee cookie, then `location.replace` leaves so
 * Back does not return here. The whole thing waits at most `EXIT_WAIT_MS`.
 */

/** Where quick exit goes: a weather site, as dull and common as it gets. */
export const NEUTRAL_SITE = 'https://www.metservice.com/';
/** The endpoint that expires the attendee's device cookie (and asks the browser to clear site data). */
export const FORGET_URL = '/api/forget';
const EXIT_WAIT_MS = 700;

/** Empties sessionStorage, localStorage, IndexedDB and Cache Storage for this origin. Never throws. */
export async function clearSiteData(): Promise<void> {
	for (const store of ['sessionStorage', 'localStorage'] as const) {
		try {
			globalThis[store]?.clear();
		} catch {
			// Storage disabled: nothing to clear.
		}
	}
	const jobs: Promise<unknown>[] = [];
	try {
		const dbs = (await indexedDB.databases?.()) ?? [];
		for (const db of dbs) {
			if (!db.name) continue;
			const name = db.name;
			jobs.push(
				new Promise<void>((resolve) => {
					const req = indexedDB.deleteDatabase(name);
					req.onsuccess = req.onerror = req.onblocked = () => resolve();
				})
			);
		}
	} catch {
		// No IndexedDB here.
	}
	try {
		if ('caches' in globalThis) {
			jobs.push(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
		}
	} catch {
		// No Cache Storage here.
	}
	await Promise.allSettled(jobs);
}

/** Leaves now. `beforeLeave` lets the page close its socket. */
export async function quickExit(target = NEUTRAL_SITE, beforeLeave?: () => void): Promise<void> {
	document.documentElement.dataset.exiting = 'true';
	const forget = fetch(FORGET_URL, {
		method: 'POST',
		keepalive: true,
		credentials: 'same-origin',
		headers: { 'x-haven-quick-exit': 'fetch' }
	}).catch(() => undefined);
	await Promise.race([
		Promise.allSettled([clearSiteData(), forget]),
		new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS))
	]);
	// SvelteKit saves scroll positions to sessionStorage as the page unloads; these
	// listeners, added after its own, empty it again once it has.
	const wipe = () => {
		for (const store of ['sessionStorage', 'localStorage'] as const) {
			try {
				globalThis[store]?.clear();
			} catch {
				// Storage disabled.
			}
		}
	};
	// On window, like SvelteKit's: visibilitychange bubbles from the document up to it.
	for (const type of ['beforeunload', 'pagehide', 'visibilitychange']) addEventListener(type, wipe);
	try {
		beforeLeave?.();
	} finally {
		location.replace(target);
	}
}
