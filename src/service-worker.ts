/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The marshal app's service worker, registered by /marshal only (scope /marshal): the
 * public page stays a plain page that costs a cheap phone nothing extra.
 *
 * - The built app and static files are cached at install, so /marshal starts with no
 *   network at all.
 * - /marshal itself is fetched from the network first. When that fails or hangs, the
 *   phone gets its "shell": the same page rendered for this marshal with the event's map
 *   and safe spots but no incidents, jobs or messages, so nothing sensitive is kept in the
 *   cache. The live link then fills it in when the signal is back; reports made meanwhile
 *   wait in the outbox.
 * - The self-hosted basemap's byte ranges (PMTiles) are kept as the phone fetches them, so
 *   the map opens offline with the parts of the event area already seen
 *   ($lib/client/tile-cache). A hosted style's tiles are another origin's and pass untouched.
 * - Everything else (the live link, tickets) goes to the network untouched.
 */
import { build, files, version } from '$service-worker';
import { SHELL_CACHE, SHELL_HEADER, SHELL_URL } from '$lib/shared/pwa';
import { BASEMAP_PATH, TILE_CACHE, serveTileRange } from '$lib/client/tile-cache';

const sw = self as unknown as ServiceWorkerGlobalScope;

const ASSET_CACHE = `haven-assets-${version}`;
const ASSETS = [...build, ...files];
const ASSET_PATHS = new Set(ASSETS);
/** On a saturated network a page that takes longer than this is as good as none. */
const NAVIGATION_TIMEOUT_MS = 4_000;
/** How often an online visit refreshes the saved shell. */
const SHELL_REFRESH_MS = 10 * 60_000;
let shellRefreshedAt = 0;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(ASSET_CACHE);
			await cache.addAll(ASSETS);
			await refreshShell();
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith('haven-assets-') && key !== ASSET_CACHE) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (ASSET_PATHS.has(url.pathname)) {
		event.respondWith(fromCacheFirst(request));
	} else if (request.mode === 'navigate' && url.pathname === SHELL_URL) {
		event.respondWith(marshalPage(request, event));
	} else if (url.pathname === BASEMAP_PATH) {
		event.respondWith(
			serveTileRange(request, { open: () => caches.open(TILE_CACHE), fetch: (r) => fetch(r) })
		);
	}
});

async function fromCacheFirst(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: ASSET_CACHE });
	return cached ?? fetch(request);
}

async function marshalPage(request: Request, event: FetchEvent): Promise<Response> {
	try {
		const response = await fetchWithTimeout(request, NAVIGATION_TIMEOUT_MS);
		if (Date.now() - shellRefreshedAt > SHELL_REFRESH_MS) event.waitUntil(refreshShell());
		return response;
	} catch {
		const shell = await caches.match(SHELL_URL, { cacheName: SHELL_CACHE });
		return shell ?? offlineNotice();
	}
}

/**
 * Saves this marshal's shell page. A refusal (signed out, revoked) deletes the saved one:
 * a phone that is no longer a marshal's must not open as one.
 */
async function refreshShell(): Promise<void> {
	try {
		const response = await fetch(SHELL_URL, {
			headers: { [SHELL_HEADER]: '1' },
			credentials: 'same-origin',
			cache: 'no-store'
		});
		const cache = await caches.open(SHELL_CACHE);
		if (response.ok && response.headers.get(SHELL_HEADER) === '1') {
			await cache.put(SHELL_URL, response);
			shellRefreshedAt = Date.now();
		} else if (response.status === 401 || response.status === 403) {
			await caches.delete(SHELL_CACHE);
		}
	} catch {
		// Offline: keep whatever shell there is.
	}
}

async function fetchWithTimeout(request: Request, ms: number): Promise<Response> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), ms);
	try {
		return await fetch(request, { signal: abort.signal });
	} finally {
		clearTimeout(timer);
	}
}

function offlineNotice(): Response {
	const html =
		'<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" ' +
		'content="width=device-width, initial-scale=1"><title>Offline: Haven</title>' +
		'<body style="background:#0b0d12;color:#f8fafc;font:1.2rem system-ui;padding:1.5rem">' +
		'<h1>No signal, and this phone has no saved copy yet</h1>' +
		'<p>Open the marshal app once with a signal so it can work offline next time.</p></body></html>';
	return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html' } });
}
