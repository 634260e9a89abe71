/**
 * What the control page bench watches inside the page: long tasks, long animation frames, when
 * the map and its sources are ready, the page's own `haven:*` measures; and, on request, a CPU
 * profile of its main thread.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Frame } from './long-frames';

export type BenchWindow = {
	__havenBench: {
		longTasks: { start: number; duration: number }[];
		frames: Frame[];
		marks: Record<string, number>;
	};
};

/**
 * Runs in the page before any of its scripts: long tasks and the map's ready markers. A
 * string, not a function: tsx compiles functions with helpers (`__name`) the page lacks.
 */
export const INSTRUMENT = `(() => {
	const bench = { longTasks: [], frames: [], marks: {} };
	window.__havenBench = bench;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
	}).observe({ type: 'longtask', buffered: true });
	// Long animation frames say whose script ran in them (the long task entries do not).
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			if (e.duration <= 100) continue;
			bench.frames.push({
				start: e.startTime,
				duration: e.duration,
				scripts: e.scripts.map((s) => ({ url: s.sourceURL, invoker: s.invoker, duration: s.duration }))
			});
		}
	}).observe({ type: 'long-animation-frame', buffered: true });
	const probes = [
		['map', '[data-testid="event-map"][data-ready="true"]'],
		['incidents', '[data-testid="map-source-incidents"][data-ready="true"]:not([data-count="0"])'],
		['marshals', '[data-testid="map-source-marshals"][data-ready="true"]:not([data-count="0"])']
	];
	const look = () => {
		for (const [name, selector] of probes) {
			if (bench.marks[name] === undefined && document.querySelector(selector)) {
				bench.marks[name] = performance.now();
			}
		}
		if (probes.every(([name]) => bench.marks[name] !== undefined)) watcher.disconnect();
	};
	const watcher = new MutationObserver(look);
	document.addEventListener('DOMContentLoaded', () => {
		watcher.observe(document.documentElement, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-ready', 'data-count']
		});
		look();
	});
})();`;

export const readBench = (page: Page) =>
	page.evaluate(() => {
		const b = (window as unknown as BenchWindow).__havenBench;
		const nav = performance.getEntriesByType('navigation')[0] as
			PerformanceNavigationTiming | undefined;
		const paint = performance.getEntriesByName('first-contentful-paint')[0];
		const marshals = document.querySelector('[data-testid="map-source-marshals"]');
		return {
			now: performance.now(),
			longTasks: [...b.longTasks],
			frames: [...b.frames],
			marks: { ...b.marks },
			responseEnd: nav?.responseEnd ?? null,
			domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
			htmlBytes: nav?.decodedBodySize ?? null,
			fcp: paint?.startTime ?? null,
			marshalUpdates: Number(marshals?.getAttribute('data-updates') ?? 0),
			marshalCount: Number(marshals?.getAttribute('data-count') ?? 0),
			queueCount: document.querySelector('[data-testid="queue-count"]')?.textContent ?? '',
			// The page's own measures (`haven:*`: the snapshot's fetch, parse and first draw).
			measures: performance
				.getEntriesByType('measure')
				.filter((m) => m.name.startsWith('haven:'))
				.map((m) => ({ name: m.name, start: m.startTime, duration: m.duration }))
		};
	});

/**
 * BENCH_PAGE_PROFILE_DIR: a V8 CPU profile of the page's main thread over the steady window
 * (control-page-<gpu|software>-load.cpuprofile: navigation to the end of the load;
 * control-page-<gpu|software>-steady.cpuprofile), for finding what the long tasks are. Off by default: it slows
 * the page it measures.
 */
export async function startProfile(page: Page, name: string): Promise<{ stop(): Promise<void> }> {
	const dir = process.env.BENCH_PAGE_PROFILE_DIR;
	if (!dir) return { stop: async () => {} };
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
	await cdp.send('Profiler.start');
	return {
		async stop() {
			const { profile } = await cdp.send('Profiler.stop');
			mkdirSync(dir, { recursive: true });
			writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
			await cdp.detach();
		}
	};
}
