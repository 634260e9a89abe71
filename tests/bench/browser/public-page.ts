/**
 * Public page benchmark: how soon a frightened person on a cheap phone and a congested
 * network sees the nearest open safe spot, and how much JavaScript and CSS it took.
 *
 * Starts the built Haven server (`npm run build` first) with the demo event on a free port,
 * opens / in Chromium with Lighthouse's "slow 4G" network (562.5 ms request latency,
 * 1,474.56 kbit/s down, 675 kbit/s up, via CDP Network.emulateNetworkConditions) and a
 * four-times CPU slowdown (Emulation.setCPUThrottlingRate), location already granted at a
 * fake position in Te Aro, central Wellington. Each run is a fresh browser context (cold cache).
 *
 * - Time: from navigation start (performance.timeOrigin) to the first animation frame after
 *   the nearest safe spot's distance is in the page (a MutationObserver set up before any
 *   of the page's scripts run). Target: at most 2.5 s.
 * - Size: every .js and .css response that finished loading before that moment (Resource
 *   Timing responseEnd), each body gzipped here with zlib at level 9 (the server itself sends
 *   brotli to Chromium; that transferred size is printed too). Target: at most 100 KB.
 *
 * Prints the median of `runs` (3) runs and each run's figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../support/chromium-args';
import { kb, median, secs } from '../page-kit';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = join(ROOT, 'src/entry/server.js');
const HANDLER = join(ROOT, 'build/handler.js');

/** Lighthouse's mobile slow 4G (simulated throttling constants, as DevTools applies them). */
export const SLOW_4G = {
	offline: false,
	latency: 562.5,
	downloadThroughput: (1474.56 * 1024) / 8,
	uploadThroughput: (675 * 1024) / 8
};
export const CPU_SLOWDOWN = 4;
/** Dixon Street, by Te Aro Park. */
const POSITION = { latitude: -41.2922, longitude: 174.7792 };
const TARGET_MS = 2500;
const TARGET_KB = 100;
const NEAREST_SELECTOR = '[data-testid="nearest-spot"] [data-testid="nearest-distance"]';

type RunResult = {
	ms: number;
	gzipBytes: number;
	transferredBytes: number;
	files: number;
};

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

async function waitForHealth(base: string, child: ChildProcess, timeoutMs = 60_000) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`Haven exited early (code ${child.exitCode})`);
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`Haven did not answer ${base}/api/health within ${timeoutMs} ms`);
}

async function startHaven(): Promise<{ base: string; stop: () => Promise<void> }> {
	if (!existsSync(HANDLER)) throw new Error('Haven is not built: run `npm run build` first.');
	const dataDir = mkdtempSync(join(tmpdir(), 'haven-bench-public-'));
	const port = await freePort();
	const child = spawn(process.execPath, [ENTRY, '--demo'], {
		cwd: ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			HAVEN_DATA_DIR: dataDir,
			PORT: String(port),
			HOST: '127.0.0.1',
			HAVEN_LOG_LEVEL: 'warn'
		}
	});
	const stop = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(dataDir, { recursive: true, force: true });
	};
	const base = `http://127.0.0.1:${port}`;
	try {
		await waitForHealth(base, child);
	} catch (error) {
		await stop();
		throw error;
	}
	return { base, stop };
}

/**
 * Installed before the page's own scripts: notes when the nearest spot's distance is drawn.
 * A string, not a function: tsx's transpiler would wrap a function's inner helpers in
 * `__name(...)` calls that do not exist in the page.
 */
const WATCH_FOR_NEAREST = `(() => {
	const selector = ${JSON.stringify(NEAREST_SELECTOR)};
	let seen = false;
	const check = () => {
		if (seen) return true;
		const el = document.querySelector(selector);
		if (!el || !el.textContent.trim()) return false;
		seen = true;
		// The frame after the change is the one that shows it.
		requestAnimationFrame(() => { window.__havenNearestAt = performance.now(); });
		return true;
	};
	const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
	observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function oneRun(browser: Browser, base: string): Promise<RunResult> {
	const context = await browser.newContext({
		viewport: { width: 412, height: 915 },
		deviceScaleFactor: 2.625,
		isMobile: true,
		hasTouch: true,
		permissions: ['geolocation'],
		geolocation: POSITION
	});
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
		await page.addInitScript({ content: WATCH_FOR_NEAREST });

		await page.goto(`${base}/`, { waitUntil: 'commit' });
		await page.waitForFunction(
			() => (window as unknown as { __havenNearestAt?: number }).__havenNearestAt !== undefined,
			undefined,
			{ timeout: 60_000, polling: 100 }
		);
		const { at, resources, timeline } = await page.evaluate(() => {
			const at = (window as unknown as { __havenNearestAt: number }).__havenNearestAt;
			const resources = performance
				.getEntriesByType('resource')
				.map((r) => r as PerformanceResourceTiming)
				.filter((r) => r.responseEnd > 0 && r.responseEnd <= at)
				.map((r) => ({
					url: r.name,
					transferred: r.encodedBodySize,
					start: r.startTime,
					end: r.responseEnd
				}));
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
			const timeline = [
				`document ${nav.responseStart.toFixed(0)}-${nav.responseEnd.toFixed(0)} ms, interactive ${nav.domInteractive.toFixed(0)} ms`,
				...resources.map(
					(r) => `${r.start.toFixed(0)}-${r.end.toFixed(0)} ms ${new URL(r.url).pathname}`
				),
				`nearest at ${at.toFixed(0)} ms`
			];
			return { at, resources, timeline };
		});
		if (process.env.HAVEN_BENCH_VERBOSE) console.error(timeline.join('\n'));
		const assets = resources.filter((r) => /\.(m?js|css)(\?|$)/.test(new URL(r.url).pathname));
		let gzipBytes = 0;
		for (const asset of assets) {
			const body = Buffer.from(await (await fetch(asset.url)).arrayBuffer());
			gzipBytes += gzipSync(body, { level: 9 }).length;
		}
		return {
			ms: at,
			gzipBytes,
			transferredBytes: assets.reduce((n, a) => n + a.transferred, 0),
			files: assets.length
		};
	} finally {
		await context.close();
	}
}

export default async function run(opts: {
	chromiumPath: string;
	runs?: number;
}): Promise<string[]> {
	const runs = opts.runs ?? 3;
	const haven = await startHaven();
	let browser: Browser | null = null;
	try {
		browser = await chromium.launch({
			executablePath: opts.chromiumPath,
			args: CHROMIUM_ARGS
		});
		const results: RunResult[] = [];
		for (let i = 0; i < runs; i++) results.push(await oneRun(browser, haven.base));

		const ms = median(results.map((r) => r.ms));
		const gz = median(results.map((r) => r.gzipBytes));
		const served = median(results.map((r) => r.transferredBytes));
		return [
			`public page: / on slow 4G (562.5 ms latency, 1.47 Mbit/s down, 675 kbit/s up), CPU ${CPU_SLOWDOWN}x slower, location granted; median of ${runs} cold runs`,
			`public page time to nearest safe spot: ${secs(ms)} s (target <= ${secs(TARGET_MS)} s) ${ms <= TARGET_MS ? 'OK' : 'OVER'}; runs ${results.map((r) => secs(r.ms)).join(', ')} s`,
			`public page JS+CSS before it, gzip -9: ${kb(gz)} KB (target <= ${TARGET_KB} KB) ${gz <= TARGET_KB * 1024 ? 'OK' : 'OVER'}; ${results[0].files} files; as served (brotli) ${kb(served)} KB`
		];
	} finally {
		await browser?.close().catch(() => undefined);
		await haven.stop();
	}
}
