import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { havenRealtime } from './src/lib/server/realtime/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), havenRealtime()],
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/support/global-setup.ts'],
		testTimeout: 20_000,
		hookTimeout: 30_000,
		// Integration suites start servers and child processes; two cores, so keep it calm.
		maxWorkers: 2,
		pool: 'forks'
	}
});
