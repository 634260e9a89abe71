import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium-args';

// HAVEN_E2E_PORT lets two checkouts on one machine run their suites side by side.
const PORT = Number(process.env.HAVEN_E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests run against the production build (`npm run build` happens first, in
 * tests/run-all.sh) served by the real server entry, on a fresh demo event each run.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	// Playwright empties its output folder at start; a subfolder keeps test-results/vitest.json.
	outputDir: 'test-results/e2e-artifacts',
	// One server, one demo event: tests share its state, so they run one after another.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	forbidOnly: !!process.env.CI,
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL: BASE_URL,
		browserName: 'chromium',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		}
	},
	webServer: {
		command: 'node tests/e2e/start-server.js',
		url: `${BASE_URL}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe',
		// The default is SIGKILL, which would leave start-server.js no chance to delete its data dir.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 }
	}
});
