/**
 * Marshal page benchmark: how soon a marshal who opens /marshal on a congested network can
 * press "Send report", and how much JavaScript and CSS it took to get there.
 *
 * The demo event on the built server (`npm run build` first). Each run is a fresh browser
 * context (cold cache, service workers blocked so the worker's precache cannot help) that
 * signs in as a demo marshal through a real invite (the join form's POST, unthrottled), then
 * opens /marshal with the public-page bench's "slow 4G" (CDP network emulation) and a
 * four-times CPU slowdown, location granted in Te Aro.
 *
 * - Usable: the first animation frame after the send button is enabled and says
 *   `data-hydrated="true"` (its handler is attached, so a tap does something). Target 3 s.
 * - Size: every .js/.css response finished before that moment, gzipped here at level 9.
 * - Map ready: the map's own `data-ready` marker, measured apart; it is not on the path.
 * - Floor: a bare page (one HTML document whose inline script enables a button) through the
 *   same throttling, so the ratio says how far above one round trip the page is.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
	ensureBuilt,
	freePort,
	launchChromium,
	pageEnv,
	startPageServer,
	withApp,
	type BrowserBenchOptions,
	median,
	secs
} from '../page-kit';
import { CPU_SLOWDOWN, SLOW_4G } from './public-page';

const TARGET_MS = 3000;
const RUNS = 3;
const POSITION = { latitude: -41.2922, longitude: 174.7792 };
const SEND_SELECTOR = '[data-testid="report-send"][data-hydrated="true"]:not([disabled])';
const MAP_SELECTOR = '[data-testid="event-map"][data-ready="true"]';

type RunResult = { usableMs: number; mapMs: number | null; gzipBytes: number; files: number };

/**
 * Installed before the page's scripts: the frame after the send button became usable, and
 * when the map said it was ready. A string: tsx would wrap a function's helpers in `__name`.
 */
const WATCH = `(() => {
	const marks = {};
	window.__havenMarks = marks;
	const probes = [['usable', ${JSON.stringify(SEND_SELECTOR)}], ['map', ${JSON.stringify(MAP_SELECTOR)}]];
	const look = () => {
		for (const [name, selector] of probes) {
			if (marks[name] === undefined && marks['pending-' + name] === undefined && document.querySelector(selector)) {
				marks['pending-' + name] = true;
				requestAnimationFrame(() => { marks[name] = performance.now(); });
			}
		}
	};
	new MutationObserver(look).observe(document, {
		subtree: true, childList: true, attributes: true,
		attributeFilter: ['disabled', 'data-hydrated', 'data-ready']
	});
})();`;

const BARE_HTML = `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>bare</title>
<button data-testid="report-send" disabled>Send report</button>
<script>const b = document.querySelector('button'); b.onclick = () => {}; b.disabled = false; b.dataset.hydrated = 'true';</script>`;

function startBare(port: number): Promise<Server> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(BARE_HTML);
	});
	return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function throttledPage(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
	await page.addInitScript({ content: WATCH });
	return page;
}

const mark = (page: Page, name: string, timeout: number) =>
	page
		.waitForFunction(
			(n) => (window as unknown as { __havenMarks: Record<string, number> }).__havenMarks[n],
			name,
			{ timeout, polling: 100 }
		)
		.then((h) => h.jsonValue() as Promise<number>);

async function newPhone(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({
		viewport: { width: 412, height: 915 },
		deviceScaleFactor: 2.625,
		isMobile: true,
		hasTouch: true,
		permissions: ['geolocation'],
		geolocation: POSITION,
		serviceWorkers: 'block',
		reducedMotion: 'reduce'
	});
}

async function oneRun(browser: Browser, base: string, invitePath: string): Promise<RunResult> {
	const context = await newPhone(browser);
	try {
		// The join form's own POST: the session cookie lands in this context.
		const joined = await context.request.post(`${base}${invitePath}`, {
			form: {},
			headers: { Origin: base, Accept: 'text/html' },
			maxRedirects: 0
		});
		if (joined.status() !== 303) throw new Error(`join answered ${joined.status()}`);
		const page = await throttledPage(context);
		const profile = await startProfile(page);
		await page.goto(`${base}/marshal`, { waitUntil: 'commit' });
		const usableMs = await mark(page, 'usable', 60_000);
		await profile.stop();
		const mapMs = await mark(page, 'map', 60_000).catch(() => null);
		const resources = await page.evaluate(
			(at) =>
				performance
					.getEntriesByType('resource')
					.map((r) => r as PerformanceResourceTiming)
					.filter((r) => r.responseEnd > 0 && r.responseEnd <= at)
					.map((r) => ({ url: r.name, start: r.startTime, end: r.responseEnd })),
			usableMs
		);
		const assets = resources.filter((r) => /\.(m?js|css)$/.test(new URL(r.url).pathname));
		if (process.env.HAVEN_BENCH_VERBOSE) {
			for (const r of resources) {
				console.error(`${r.start.toFixed(0)}-${r.end.toFixed(0)} ms ${new URL(r.url).pathname}`);
			}
			const nav = await page.evaluate(() => {
				const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
				return `document ${n.responseStart.toFixed(0)}-${n.responseEnd.toFixed(0)} ms, ${n.decodedBodySize} bytes (${n.encodedBodySize} sent), interactive ${n.domInteractive.toFixed(0)} ms, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)} ms`;
			});
			console.error(nav);
			console.error(`usable at ${usableMs.toFixed(0)} ms, map at ${mapMs?.toFixed(0)} ms`);
		}
		let gzipBytes = 0;
		for (const asset of assets) {
			const body = Buffer.from(await (await fetch(asset.url)).arrayBuffer());
			gzipBytes += gzipSync(body, { level: 9 }).length;
		}
		return { usableMs, mapMs, gzipBytes, files: assets.length };
	} finally {
		await context.close();
	}
}

async function bareRun(browser: Browser, base: string): Promise<number> {
	const context = await newPhone(browser);
	try {
		const page = await throttledPage(context);
		await page.goto(`${base}/`, { waitUntil: 'commit' });
		return await mark(page, 'usable', 60_000);
	} finally {
		await context.close();
	}
}

/**
 * BENCH_PAGE_PROFILE_DIR: a CPU profile of the page's main thread from navigation to a usable
 * Send button (marshal-page.cpuprofile, the last run's), to find what the time is spent on.
 */
async function startProfile(page: Page): Promise<{ stop(): Promise<void> }> {
	const dir = process.env.BENCH_PAGE_PROFILE_DIR;
	if (!dir) return { stop: async () => {} };
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.start');
	return {
		async stop() {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(join(dir, 'marshal-page.cpuprofile'), JSON.stringify(profile));
			await cdp.detach();
		}
	};
}

export default async function run(opts: BrowserBenchOptions): Promise<string[]> {
	const log = opts.log ?? (() => {});
	ensureBuilt(log);
	const page = await pageEnv();
	let server: Awaited<ReturnType<typeof startPageServer>> | null = null;
	let bare: Server | null = null;
	let browser: Browser | null = null;
	try {
		// One single-use invite per run, for the first demo marshal (a phone session each).
		const invites = await withApp(page.env, async (app) => {
			const eventId = app.config.eventId;
			const runtime = await app.runtime(eventId);
			await runtime.ready;
			const marshalId = Object.keys(runtime.state.marshals).sort()[0];
			const paths: string[] = [];
			for (let i = 0; i < RUNS; i++) {
				const token = await app.identity.createInvite(eventId, marshalId);
				if (!token) throw new Error(`no invite for ${marshalId}`);
				paths.push(`/join/${token}`);
			}
			return paths;
		});
		server = await startPageServer(page.env);
		const barePort = await freePort();
		bare = await startBare(barePort);
		browser = await launchChromium(opts.chromiumPath);

		const results: RunResult[] = [];
		const floors: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			log(`run ${i + 1} of ${RUNS}`);
			results.push(await oneRun(browser, server.url, invites[i]));
			floors.push(await bareRun(browser, `http://127.0.0.1:${barePort}`));
		}

		const ms = median(results.map((r) => r.usableMs));
		const maps = results.map((r) => r.mapMs).filter((m): m is number => m !== null);
		const gz = median(results.map((r) => r.gzipBytes));
		const floor = median(floors);
		return [
			`marshal page: /marshal on slow 4G (562.5 ms latency, 1.47 Mbit/s down), CPU ${CPU_SLOWDOWN}x slower, signed-in demo marshal; median of ${RUNS} cold runs`,
			`marshal page time to a usable Send button: ${secs(ms)} s (target <= ${secs(TARGET_MS)} s) ${ms <= TARGET_MS ? 'OK' : 'OVER'}; runs ${results.map((r) => secs(r.usableMs)).join(', ')} s`,
			`marshal page JS+CSS before it, gzip -9: ${(gz / 1024).toFixed(1)} KB in ${results[0].files} files; runs ${results.map((r) => `${(r.gzipBytes / 1024).toFixed(1)} KB/${r.files}`).join(', ')}`,
			`marshal page map ready: ${maps.length ? `${secs(median(maps))} s` : 'n/a'}; runs ${results.map((r) => (r.mapMs === null ? 'n/a' : secs(r.mapMs))).join(', ')} s`,
			`marshal page bare floor (one HTML page enabling a button, same throttling): ${secs(floor)} s; runs ${floors.map(secs).join(', ')} s`,
			`marshal page usable ratio vs bare page: ${(ms / floor).toFixed(2)}`
		];
	} finally {
		await browser?.close().catch(() => undefined);
		bare?.close();
		await server?.stop();
		page.cleanUp();
	}
}
