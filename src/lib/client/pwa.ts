/**
 * The marshal app's offline support, from the page's side: registering the service worker
 * (scope /marshal only, so the public page never pays for it) and forgetting everything it
 * saved when the phone is signed out.
 */
import { SHELL_CACHE, SHELL_URL } from '$lib/shared/pwa';

export async function registerMarshalWorker(): Promise<boolean> {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return false;
	try {
		// Vite serves the worker as an ES module in development; the build makes a classic one.
		await navigator.serviceWorker.register('/service-worker.js', {
			scope: SHELL_URL,
			type: import.meta.env.DEV ? 'module' : 'classic'
		});
		return true;
	} catch {
		// No worker (private mode, an old browser): the app still works while online.
		return false;
	}
}

/** Deletes the saved shell page: a signed-out phone must not open as a marshal's. */
export async function forgetOfflineShell(): Promise<void> {
	if (typeof caches === 'undefined') return;
	await caches.delete(SHELL_CACHE).catch(() => false);
}
