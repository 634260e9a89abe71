import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { untilHealthy } from './own-server';

/**
 * The embedded default keeps every change across a restart, and stops gracefully:
 * the production entry, a data directory of its own, SIGTERM, start again.
 * Also: the first organiser is created with the documented command.
 */

const PORT = Number(process.env.HAVEN_E2E_PORT ?? 4173) + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const ENTRY = 'src/entry/server.js';

function run(args: string[], dataDir: string, extraEnv: Record<string, string> = {}) {
	return spawn(process.execPath, [ENTRY, ...args], {
		env: {
			...process.env,
			HAVEN_DATA_DIR: dataDir,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			HAVEN_LOG_LEVEL: 'warn',
			...extraEnv
		},
		stdio: ['pipe', 'pipe', 'pipe']
	});
}

/** The exit code, and what the server wrote to stderr, to show when it is not 0. */
function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) =>
		child.exitCode !== null
			? resolve({ code: child.exitCode, stderr })
			: child.once('exit', (code) => resolve({ code, stderr }))
	);
}

test('a change survives a graceful restart, and organiser:create makes a working sign-in', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const dataDir = mkdtempSync(join(tmpdir(), 'haven-restart-'));
	try {
		// The documented command creates the first organiser (password from the environment).
		const create = run(
			['organiser:create', '--email', 'lead@example.org', '--name', 'Night lead'],
			dataDir,
			{ HAVEN_ORGANISER_PASSWORD: 'a long night password' }
		);
		expect(await exitOf(create)).toMatchObject({ code: 0 });

		let server = run(['--demo'], dataDir);
		await untilHealthy(server, BASE);

		const page = await (await browser.newContext({ baseURL: BASE })).newPage();
		await page.goto('/signin?next=/control');
		await page.getByLabel('Email').fill('lead@example.org');
		await page.getByLabel('Password').fill('a long night password');
		await page.getByTestId('signin-submit').click();
		await page.waitForURL((url) => url.pathname === '/control');

		const row = page.locator('[data-testid^="zone-row-"]').first();
		const zoneId = ((await row.getAttribute('data-testid')) ?? '').replace('zone-row-', '');
		await page.getByTestId(`zone-set-full-${zoneId}`).click();
		await expect(page.getByTestId(`zone-row-${zoneId}`)).toHaveAttribute('data-status', 'full');

		server.kill('SIGTERM');
		expect(await exitOf(server)).toMatchObject({ code: 0 });

		server = run(['--demo'], dataDir);
		await untilHealthy(server, BASE);
		const visitor = await (await browser.newContext({ baseURL: BASE })).newPage();
		await visitor.goto('/');
		await expect(visitor.getByTestId(`zone-row-${zoneId}`)).toHaveAttribute('data-status', 'full');

		// The organiser's session survived the restart too (the secret lives in the data dir).
		await page.reload();
		await expect(page).toHaveURL(/\/control$/);

		server.kill('SIGTERM');
		expect(await exitOf(server)).toMatchObject({ code: 0 });
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
});
