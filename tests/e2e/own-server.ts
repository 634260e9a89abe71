import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { ORGANISER } from './session';

/**
 * For specs that start a server of their own (next to the shared one): resolves once it
 * answers its health check, and fails fast if it exits first.
 */
export async function untilHealthy(child: ChildProcess, base: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('server did not become healthy');
}

/**
 * The production entry with the demo event on a throw-away data dir of its own, on `port`,
 * healthy when this resolves; `stop` ends it gracefully and deletes its data.
 */
export async function startDemoServer(
	port: number,
	env: Record<string, string> = {}
): Promise<{ base: string; dir: string; stop(): Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'haven-own-server-'));
	const base = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['src/entry/server.js', '--demo'], {
		env: {
			...process.env,
			HAVEN_DATA_DIR: join(dir, 'data'),
			PORT: String(port),
			HOST: '127.0.0.1',
			HAVEN_LOG_LEVEL: 'warn',
			...env
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const stop = async () => {
		child.kill('SIGTERM');
		await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await untilHealthy(child, base);
	} catch (err) {
		await stop();
		throw err;
	}
	return { base, dir, stop };
}

/** The control room of an own server, freshly signed in (its own sign-in limiter). */
export async function controlRoomAt(browser: Browser, base: string): Promise<Page> {
	const organiser = await (await browser.newContext({ baseURL: base })).newPage();
	await organiser.goto('/signin?next=/control');
	await organiser.getByLabel('Email').fill(ORGANISER.email);
	await organiser.getByLabel('Password').fill(ORGANISER.password);
	await organiser.getByTestId('signin-submit').click();
	await organiser.waitForURL((url) => url.pathname === '/control');
	return organiser;
}
