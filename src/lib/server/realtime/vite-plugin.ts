import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';

type Attachable = { attachRealtime(server: HttpServer): unknown };
const KEY = Symbol.for('haven.app');

/**
 * Attaches Haven's realtime server to Vite's dev and preview servers, using the
 * same app container SvelteKit's server code uses (held under a global symbol),
 * so there is never a second copy of the state.
 */
export function havenRealtime(): Plugin {
	return {
		name: 'haven-realtime',
		configureServer(server) {
			const http = server.httpServer as HttpServer | null;
			if (!http) return;
			http.once('listening', () => {
				// Loading through Vite's SSR graph gives the module instance SvelteKit's pages use.
				server
					.ssrLoadModule('/src/lib/server/app-global.ts')
					.then((mod) => (mod.getApp as () => Promise<Attachable>)())
					.then((app) => app.attachRealtime(http))
					.catch((err) => server.config.logger.error(`[haven] realtime: ${String(err)}`));
			});
		},
		configurePreviewServer(server) {
			const http = server.httpServer as HttpServer;
			// SvelteKit's preview runs the built server in this process; its init hook
			// puts the container on the global. Wait for it rather than make a second one.
			http.once('listening', () => {
				const started = Date.now();
				const poll = setInterval(() => {
					const app = (globalThis as Record<symbol, Promise<Attachable> | undefined>)[KEY];
					if (app) {
						clearInterval(poll);
						app
							.then((a) => a.attachRealtime(http))
							.catch((err) => server.config.logger.error(`[haven] realtime: ${String(err)}`));
					} else if (Date.now() - started > 60_000) {
						clearInterval(poll);
						server.config.logger.error('[haven] realtime: app container never appeared');
					}
				}, 50);
			});
		}
	};
}
