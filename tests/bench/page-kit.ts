/**
 * What every browser page bench (tests/bench/browser/*.ts) needs: the production build, a
 * real Haven server of its own (the production entry, `node src/entry/server.js`) on a free
 * port and a throw-away data directory, seeding through an app container on the same data
 * directory before the server starts, and Debian's Chromium launched like the e2e suite's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { createApp, type AppContainer } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import type { NewJournalEvent } from '$lib/shared/journal';
import { newId } from '$lib/shared/ids';
import { CHROMIUM_ARGS } from '../support/chromium-args';
import { ROOT } from './ipc';

export const DEMO_PASSWORD = 'pride-night-demo';
export const DEMO_ORGANISER_EMAIL = 'organiser@example.org';

export type BrowserBenchOptions = {
	chromiumPath: string;
	/** Progress (stderr); the returned lines are the figures. */
	log?: (line: string) => void;
	/** Seconds of the steady-state measurement window, where a bench has one. */
	windowS?: number;
};

const newestMtime = (dir: string): number => {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
		if (t > newest) newest = t;
	}
	return newest;
};

/** Runs `vite build` when build/ is missing or older than anything under src/. */
export function ensureBuilt(log: (line: string) => void = () => {}): void {
	const handler = join(ROOT, 'build', 'handler.js');
	if (existsSync(handler) && statSync(handler).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
	log('building the app (vite build) for the browser benches');
	const built = spawnSync(
		process.execPath,
		[join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
		{
			cwd: ROOT,
			encoding: 'utf8',
			env: { ...process.env, NODE_ENV: 'production' }
		}
	);
	if (built.status !== 0) {
		throw new Error(`vite build failed:\n${(built.stderr || built.stdout).slice(-4000)}`);
	}
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export type PageEnv = { env: Record<string, string>; dataDir: string; cleanUp(): void };

/** An embedded (SQLite) demo event in a fresh data directory, on a free port. */
export async function pageEnv(): Promise<PageEnv> {
	const dataDir = mkdtempSync(join(tmpdir(), 'haven-page-bench-'));
	const port = await freePort();
	// Also when the orchestrator exits early (Ctrl-C, time limit): the bench's finally won't run.
	const onExit = () => rmSync(dataDir, { recursive: true, force: true });
	process.once('exit', onExit);
	return {
		dataDir,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			HAVEN_DATA_DIR: dataDir,
			HAVEN_DEMO: '1',
			HAVEN_DEMO_PASSWORD: DEMO_PASSWORD,
			// Simulated phones each say who they are in X-Forwarded-For (per-IP limits).
			HAVEN_TRUST_PROXY: 'true',
			HAVEN_LOG_LEVEL: 'warn'
		},
		cleanUp: () => {
			process.off('exit', onExit);
			onExit();
		}
	};
}

/**
 * Runs `work` with an app container on the page server's data directory, before the server
 * starts (the embedded store is one process's at a time), and closes it.
 */
export async function withApp<T>(
	env: Record<string, string>,
	work: (app: AppContainer) => Promise<T>
): Promise<T> {
	const app = await createApp(loadConfig(env));
	try {
		return await work(app);
	} finally {
		await app.close();
	}
}

/** Appends system events to the journal, `perAppend` to a command, and waits until folded. */
export async function appendAll(
	app: AppContainer,
	events: Omit<NewJournalEvent, 'id'>[],
	perAppend = 200
): Promise<void> {
	const eventId = app.config.eventId;
	const runtime = await app.runtime(eventId);
	for (let start = 0; start < events.length; start += perAppend) {
		const commandId = newId();
		const chunk = events
			.slice(start, start + perAppend)
			.map((e, i) => ({ ...e, id: i === 0 ? commandId : `${commandId}.${i}` }) as NewJournalEvent);
		const result = await app.store.append({ eventId, commandId, expectedSeq: null, events: chunk });
		if (result.status === 'conflict') throw new Error('seeding the journal conflicted');
		await runtime.waitFor(result.seqs[result.seqs.length - 1], 120_000);
	}
}

export type PageServer = { url: string; pid: number; output(): string; stop(): Promise<void> };

/** The production entry on the built app; resolves once /api/health answers. */
export async function startPageServer(env: Record<string, string>): Promise<PageServer> {
	const base = { ...process.env };
	// The page benches run embedded unless they say otherwise.
	delete base.REDIS_URL;
	const child = spawn(process.execPath, [join(ROOT, 'src/entry/server.js')], {
		cwd: ROOT,
		env: { ...base, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const onExit = () => child.kill('SIGKILL');
	process.once('exit', onExit);
	void exited.then(() => process.off('exit', onExit));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};
	const url = `http://127.0.0.1:${env.PORT}`;
	const until = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the page server exited:\n${out}`);
		try {
			if ((await fetch(`${url}/api/health`)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > until) {
			await stop();
			throw new Error(`the page server did not answer in 60 s:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return { url, pid: child.pid ?? 0, output: () => out, stop };
}

/**
 * `gpuCompositing`: leave out `--disable-gpu`, so Chromium composites the page through its GPU
 * process (SwiftShader here) as a browser on a machine with a graphics chip does. With
 * `--disable-gpu` the compositor is software: every frame the WebGL canvas is read back to
 * the CPU on the page's main thread (GLES2::ReadPixels, waiting for SwiftShader to finish
 * drawing), which no control-room laptop does and which dominates a map page's long tasks.
 */
export function launchChromium(
	executablePath: string,
	opts: { gpuCompositing?: boolean } = {}
): Promise<Browser> {
	const args = opts.gpuCompositing
		? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu')
		: CHROMIUM_ARGS;
	return chromium.launch({ executablePath, args, headless: true });
}

/** `n` ms as text with a target next to it, e.g. `  812 ms  (target at most 100 ms: met)`. */
export function withTarget(value: number | null, target: number, unit = 'ms'): string {
	if (value === null) return 'n/a';
	const verdict = value <= target ? 'met' : 'NOT met';
	return `${value.toFixed(0)} ${unit}  (target at most ${target} ${unit}: ${verdict})`;
}

/** The middle of a few runs' figures (the mean of the two middle ones for an even count). */
export const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
export const secs = (ms: number) => (ms / 1000).toFixed(2);
