import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { havenRealtime } from './src/lib/server/realtime/vite-plugin.ts';

/**
 * Fewer, larger chunks on the attendee page's critical path: on a congested network the
 * browser opens six connections per host and each request waits half a second or more, so
 * seven files cost two round trips where six cost one. The framework runtime and the small
 * shared modules the public page needs before the nearest safe spot is on screen go in one
 * chunk (every page needs most of it anyway). So do the few small modules the marshal page
 * needs before its report form is usable (ids, categories, escort words, hazard and job alerts; under 2 KB
 * together): shared by pages and zod-using modules, they would otherwise be split into
 * small chunks of their own, each one more file on both pages' critical paths. Client build only; the map, the socket and zod stay in their
 * own lazily loaded chunks.
 */
const CLIENT_CHUNKS = {
	groups: [
		{
			name: 'runtime',
			test: new RegExp(
				[
					/node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx|uuid)[\\/]/.source,
					/preload-helper/.source,
					/src[\\/]lib[\\/]components[\\/]/.source,
					/src[\\/]lib[\\/]shared[\\/](geo-math|time|advisory-rules|ids|categories|hazard-rules|escort-labels)\.ts/
						.source,
					/src[\\/]lib[\\/]client[\\/](clock\.svelte|nearest|locate|quick-exit|advisory-expiry|hazard-alert|job-alert)\.ts/
						.source
				].join('|')
			)
		}
	]
};

export default defineConfig(({ isSsrBuild }) => ({
	plugins: [sveltekit(), havenRealtime()],
	build: isSsrBuild ? {} : { rolldownOptions: { output: { codeSplitting: CLIENT_CHUNKS } } },
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/support/global-setup.ts'],
		testTimeout: 20_000,
		hookTimeout: 30_000,
		// Integration suites start servers and child processes; two cores, so keep it calm.
		maxWorkers: 2,
		pool: 'forks'
	}
}));
