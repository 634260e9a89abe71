import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Registered by /marshal only (src/lib/client/pwa.ts), never by the public page.
		serviceWorker: { register: false },
		// Small stylesheets go inline: on a congested network each extra request costs a
		// round trip of half a second or more before the page can render (and before its
		// scripts run). 8 KB takes the marshal page's 7.4 KB; the control room's stays linked.
		inlineStyleThreshold: 8 * 1024,
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:', 'https:'],
				'connect-src': ['self', 'https:', 'wss:', 'ws:'],
				'worker-src': ['self', 'blob:'],
				// The alarm's beep: a WAV the page makes in memory (src/lib/client/alarm-tone.ts).
				'media-src': ['self', 'blob:'],
				'frame-ancestors': ['none'],
				'object-src': ['none'],
				'base-uri': ['self']
			}
		}
	}
};

export default config;
