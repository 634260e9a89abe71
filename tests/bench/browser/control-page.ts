/**
 * The control page under load, in Chromium: the demo event with 5,000 incidents in its
 * journal (mixed states, severities and categories across the event's area) and 500 marshals
 * on shift whose phones send a position every second over real Socket.IO connections, so the
 * page gets `presence:batch` about once a second, as in production. An organiser opens
 * /control; we measure the time to the first map render and the main thread's long tasks,
 * during the load and over a steady window while the marshals move. Twice: composited on the
 * GPU process (the figures that stand for a control-room machine) and with software
 * compositing (what the e2e suite runs; see launchChromium for why they differ).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { LngLat } from '$lib/shared/geo';
import { pointInRing } from '$lib/shared/geo';
import type { NewJournalEvent } from '$lib/shared/journal';
import { INCIDENT_CATEGORIES, type IncidentState } from '$lib/shared/model';
import { marshalId, pool, type BenchIdentity } from '../haven-setup';
import { forkChild, type Child } from '../ipc';
import { byOwner, chunkOwners, frameLines, type Frame } from '../long-frames';
import type { ClientSpec, ConnectResult, ShiftResult } from '../messages';
import {
	appendAll,
	DEMO_ORGANISER_EMAIL,
	DEMO_PASSWORD,
	ensureBuilt,
	launchChromium,
	pageEnv,
	startPageServer,
	withApp,
	withTarget,
	type BrowserBenchOptions
} from '../page-kit';

const INCIDENTS = 5000;
const MARSHALS = 500;
const POSITION_EVERY_MS = 1000;
const LONG_TASK_TARGET_MS = 100;
const WORKER = fileURLToPath(new URL('../client-worker.ts', import.meta.url));

/** Share of incidents by state: a busy night, most of it already handled. */
const STATE_MIX: [IncidentState, number][] = [
	['reported', 0.03],
	['acknowledged', 0.08],
	['dispatched', 0.06],
	['on-scene', 0.04],
	['resolved', 0.6],
	['cancelled', 0.1],
	['duplicate', 0.05],
	['referred', 0.04]
];
/** How an incident gets from reported to each state, through allowed transitions. */
const PATHS: Record<IncidentState, IncidentState[]> = {
	reported: [],
	acknowledged: ['acknowledged'],
	dispatched: ['dispatched'],
	'on-scene': ['acknowledged', 'on-scene'],
	resolved: ['acknowledged', 'resolved'],
	cancelled: ['cancelled'],
	duplicate: ['duplicate'],
	referred: ['acknowledged', 'referred']
};

/** A small deterministic generator, so every run seeds the same night. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

type Sector = { id: string; ring: LngLat[] };

/** The incidents of the night, as journal events: reports, then state changes. */
export function incidentEvents(
	sectors: Sector[],
	reporters: string[],
	count: number,
	now = Date.now()
): Omit<NewJournalEvent, 'id'>[] {
	const rnd = random(20260601);
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
	const lngs = sectors.flatMap((s) => s.ring.map((p) => p[0]));
	const lats = sectors.flatMap((s) => s.ring.map((p) => p[1]));
	const [w, e, south, north] = [
		Math.min(...lngs),
		Math.max(...lngs),
		Math.min(...lats),
		Math.max(...lats)
	];
	const span = 5 * 60 * 60_000;
	const reports: Omit<NewJournalEvent, 'id'>[] = [];
	const changes: Omit<NewJournalEvent, 'id'>[] = [];
	for (let i = 0; i < count; i++) {
		const incidentId = `bench-incident-${String(i).padStart(5, '0')}`;
		const reportedAt = now - span + Math.floor((i / count) * span);
		const withPosition = rnd() > 0.04;
		const position: LngLat = [
			Number((w + rnd() * (e - w)).toFixed(6)),
			Number((south + rnd() * (north - south)).toFixed(6))
		];
		const sectorId = withPosition
			? (sectors.find((s) => pointInRing(position, s.ring))?.id ?? null)
			: pick(sectors).id;
		const hasText = !withPosition || rnd() > 0.4;
		reports.push({
			type: 'incident:reported',
			at: new Date(reportedAt).toISOString(),
			actor: { role: 'marshal', id: pick(reporters) },
			data: {
				incidentId,
				category: pick(INCIDENT_CATEGORIES),
				severity: 1 + Math.floor(rnd() * 4),
				onBehalf: rnd() < 0.2,
				sectorId,
				...(withPosition ? { position } : {}),
				...(hasText ? { description: `Bench report ${i}: near the stage, needs a look.` } : {})
			}
		});
		let r = rnd();
		const [state] = STATE_MIX.find(([, share]) => (r -= share) < 0) ?? STATE_MIX[4];
		let from: IncidentState = 'reported';
		PATHS[state].forEach((to, step) => {
			changes.push({
				type: 'incident:state-changed',
				at: new Date(reportedAt + (step + 1) * 3 * 60_000).toISOString(),
				actor: { role: 'organiser', id: 'bench-organiser' },
				data: {
					incidentId,
					from,
					to,
					...(to === 'duplicate' && i > 0
						? { duplicateOf: `bench-incident-${String(i - 1).padStart(5, '0')}` }
						: {})
				}
			});
			from = to;
		});
	}
	return [...reports, ...changes];
}

type Seeded = {
	marshals: ClientSpec[];
	organiserToken: string;
	incidents: number;
};

async function seed(env: Record<string, string>, url: string): Promise<Seeded> {
	return withApp(env, async (app) => {
		const eventId = app.config.eventId;
		const runtime = await app.runtime(eventId);
		await runtime.ready;
		const sectors = Object.values(runtime.state.sectors).map((s) => ({ id: s.id, ring: s.ring }));
		const ids = Array.from({ length: MARSHALS }, (_, i) => marshalId(i));
		const at = new Date().toISOString();
		await appendAll(
			app,
			ids.map((id, i) => ({
				type: 'marshal:added',
				at,
				actor: { role: 'system' },
				data: {
					marshalId: id,
					displayName: `Bench marshal ${id.slice(-5)}`,
					sectorId: sectors[i % sectors.length].id
				}
			}))
		);
		await appendAll(app, incidentEvents(sectors, ids, INCIDENTS));
		const phones = await pool(ids, 8, async (id): Promise<BenchIdentity> => {
			const token = await app.identity.createInvite(eventId, id);
			const joined = token ? await app.identity.join(token) : null;
			if (!joined) throw new Error(`marshal ${id} could not join`);
			return { role: 'marshal', sessionId: joined.session.id, subjectId: id };
		});
		const signedIn = await app.identity.signIn(eventId, DEMO_ORGANISER_EMAIL, DEMO_PASSWORD);
		if (!signedIn) throw new Error('the demo organiser could not sign in');
		const since = runtime.head;
		return {
			incidents: Object.keys(runtime.state.incidents).length,
			organiserToken: signedIn.token,
			// Tickets last 10 minutes: the clients connect within a minute of this.
			marshals: phones.map((p, i) => ({
				key: p.subjectId!,
				kind: 'marshal' as const,
				url,
				auth: {
					ticket: app.identity.ticketFor({
						sid: p.sessionId,
						role: 'marshal',
						eventId,
						subjectId: p.subjectId
					}),
					since
				},
				forwardedFor: `10.1.${(i >> 8) & 255}.${i & 255}`,
				reporter: false
			}))
		};
	});
}

type BenchWindow = {
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
const INSTRUMENT = `(() => {
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

const readBench = (page: Page) =>
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
async function startProfile(page: Page, name: string): Promise<{ stop(): Promise<void> }> {
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

type Task = { start: number; duration: number };
const longest = (ts: Task[]) => (ts.length ? Math.max(...ts.map((t) => t.duration)) : 0);
const over = (ts: Task[], ms: number) => ts.filter((t) => t.duration > ms).length;
const ms = (v: number | null | undefined) => (v == null ? 'n/a' : `${v.toFixed(0)} ms`);

type Compositing = 'gpu' | 'software';
const MODE_WORDS: Record<Compositing, string> = {
	gpu: 'composited on the GPU process, as on a machine with a graphics chip',
	software: 'software compositing (--disable-gpu, as the e2e suite runs)'
};
/** The load ends once the marks are set and no long task came for this long... */
const QUIET_MS = 1000;
/** ...or this long after the marks, if the page never goes quiet. */
const QUIET_LIMIT_MS = 15_000;

type Window = { longest: number; overFifty: number; overHundred: number; seconds: number };
type Measured = {
	htmlBytes: number | null;
	responseEnd: number | null;
	fcp: number | null;
	domContentLoaded: number | null;
	marks: Record<string, number>;
	loadEnd: number;
	/** False: the page never had QUIET_MS without a long task, the load ended at the limit. */
	quiet: boolean;
	load: Window;
	/** The load's long animation frames, grouped by whose code ran in them. */
	loadFrames: string;
	steady: Window & { updates: number };
	queueCount: string;
	marshalCount: number;
};

const windowOf = (ts: Task[], seconds: number): Window => ({
	longest: longest(ts),
	overFifty: ts.length,
	overHundred: over(ts, 100),
	seconds
});

/** The page's HTML, in KB below a megabyte (the shell without its snapshot is a few dozen). */
const htmlSize = (bytes: number | null) =>
	bytes === null
		? 'n/a'
		: bytes < 1e6
			? `${(bytes / 1e3).toFixed(0)} KB`
			: `${(bytes / 1e6).toFixed(1)} MB`;

function describe(mode: Compositing, m: Measured): string[] {
	return [
		`  ${MODE_WORDS[mode]}:`,
		`    HTML ${htmlSize(m.htmlBytes)}, ` +
			`response end ${ms(m.responseEnd)}, first contentful paint ${ms(m.fcp)}, ` +
			`DOMContentLoaded ${ms(m.domContentLoaded)}`,
		`    first map render (navigation start to the map's ready marker): ${ms(m.marks.map)}; ` +
			`incidents on the map: ${ms(m.marks.incidents)}; marshals: ${ms(m.marks.marshals)}`,
		`    load (navigation until all three are on the map and ${
			m.quiet
				? `no long task for ${QUIET_MS / 1000} s`
				: `never quiet, cut ${QUIET_LIMIT_MS / 1000} s later`
		}, ${ms(m.loadEnd)}): ` +
			`longest task ${withTarget(m.load.longest, LONG_TASK_TARGET_MS)}; ` +
			`tasks over 50 ms: ${m.load.overFifty}, over 100 ms: ${m.load.overHundred}`,
		`    load frames over 100 ms, by the code that ran longest in each: ${m.loadFrames}`,
		`    steady ${m.steady.seconds.toFixed(0)} s, marshal positions updated on the map ${m.steady.updates} times ` +
			`(${(m.steady.updates / m.steady.seconds).toFixed(2)}/s): longest task ${withTarget(m.steady.longest, LONG_TASK_TARGET_MS)}; ` +
			`tasks over 50 ms: ${m.steady.overFifty}, over 100 ms: ${m.steady.overHundred}`
	];
}

/** One organiser opening /control in a fresh browser, then a steady window. */
async function measure(o: {
	mode: Compositing;
	url: string;
	token: string;
	chromiumPath: string;
	windowS: number;
	log: (line: string) => void;
}): Promise<Measured> {
	const { url } = o;
	const browser = await launchChromium(o.chromiumPath, { gpuCompositing: o.mode === 'gpu' });
	try {
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		await context.addCookies([{ name: 'haven_session', value: o.token, url }]);
		const page = await context.newPage();
		await page.addInitScript({ content: INSTRUMENT });
		const loadProfile = await startProfile(page, `control-page-${o.mode}-load`);
		await page.goto(`${url}/control`, { waitUntil: 'commit', timeout: 120_000 });
		await page
			.waitForFunction(
				() => {
					const m = (window as unknown as Partial<BenchWindow>).__havenBench?.marks;
					return (
						!!m && m.map !== undefined && m.incidents !== undefined && m.marshals !== undefined
					);
				},
				undefined,
				{ timeout: 120_000, polling: 250 }
			)
			.catch(async (err: unknown) => {
				const seen = await page
					.evaluate(() =>
						JSON.stringify({
							marks: (window as unknown as Partial<BenchWindow>).__havenBench?.marks,
							probes: [
								...document.querySelectorAll('[data-testid^="map-"], [data-testid="event-map"]')
							].map(
								(e) =>
									`${e.getAttribute('data-testid')} ready=${e.getAttribute('data-ready')} count=${e.getAttribute('data-count')}`
							)
						})
					)
					.catch(() => 'page unreadable');
				throw new Error(`the map did not get ready: ${String(err)}; seen: ${seen}`);
			});
		// First draws compile the layers' shaders: part of loading, not of the steady state.
		const settled = page.waitForFunction(
			(quiet) => {
				const b = (window as unknown as BenchWindow).__havenBench;
				const last = b.longTasks.reduce((end, t) => Math.max(end, t.start + t.duration), 0);
				return performance.now() - Math.max(last, ...Object.values(b.marks)) >= quiet;
			},
			QUIET_MS,
			{ timeout: QUIET_LIMIT_MS, polling: 100 }
		);
		const quiet = await settled.then(
			() => true,
			() => false
		);
		const loaded = await readBench(page);
		await loadProfile.stop();
		o.log(`control page: loaded; measuring ${o.windowS} s while the marshals move`);
		const profile = await startProfile(page, `control-page-${o.mode}-steady`);
		await page.waitForTimeout(o.windowS * 1000);
		const after = await readBench(page);
		await profile.stop();
		const inWindow = after.longTasks.filter((t) => t.start >= loaded.now);
		const inLoad = after.longTasks.filter((t) => t.start < loaded.now);
		if (process.env.HAVEN_BENCH_VERBOSE) {
			for (const t of inLoad.filter((t) => t.duration > 100)) {
				o.log(`      load task at ${t.start.toFixed(0)} ms: ${t.duration.toFixed(0)} ms`);
			}
			const loadFrames = after.frames.filter((f) => f.start < loaded.now);
			for (const line of frameLines(loadFrames, chunkOwners())) o.log(line);
			for (const m of loaded.measures) {
				o.log(`      ${m.name} at ${m.start.toFixed(0)} ms: ${m.duration.toFixed(0)} ms`);
			}
		}
		const seconds = (after.now - loaded.now) / 1000;
		return {
			htmlBytes: after.htmlBytes,
			responseEnd: loaded.responseEnd,
			fcp: loaded.fcp,
			domContentLoaded: loaded.domContentLoaded,
			marks: loaded.marks,
			loadEnd: loaded.now,
			quiet,
			load: windowOf(inLoad, loaded.now / 1000),
			loadFrames: byOwner(
				after.frames.filter((f) => f.start < loaded.now),
				chunkOwners()
			),
			steady: {
				...windowOf(inWindow, seconds),
				updates: after.marshalUpdates - loaded.marshalUpdates
			},
			queueCount: after.queueCount.replace(/\s+/g, ' ').trim(),
			marshalCount: after.marshalCount
		};
	} finally {
		await browser.close();
	}
}

export default async function run(opts: BrowserBenchOptions): Promise<string[]> {
	const log = opts.log ?? (() => {});
	const windowS = opts.windowS ?? 20;
	ensureBuilt(log);
	const setup = await pageEnv();
	const undo: (() => Promise<void> | void)[] = [() => setup.cleanUp()];
	try {
		const url = `http://127.0.0.1:${setup.env.PORT}`;
		log(`control page: seeding ${INCIDENTS} incidents and ${MARSHALS} marshal phones`);
		const seeded = await seed(setup.env, url);
		const server = await startPageServer(setup.env);
		undo.push(() => server.stop());
		log(`control page: server on ${server.url}; connecting ${MARSHALS} marshal phones`);

		const phones: Child = await forkChild(WORKER, { label: 'control-page-phones' });
		undo.push(async () => {
			await phones.request({ cmd: 'close' }, 5000).catch(() => undefined);
			await phones.stop();
		});
		const connected = await phones.request<ConnectResult>(
			{ cmd: 'connect', clients: seeded.marshals, concurrency: 10 },
			180_000
		);
		if (connected.failed.length) {
			throw new Error(
				`${connected.failed.length} phones could not connect: ${connected.failed[0]}`
			);
		}
		const shift = await phones.request<ShiftResult>(
			{ cmd: 'start-shift', ackTimeoutMs: 10_000 },
			300_000
		);
		await phones.request({ cmd: 'positions', intervalMs: POSITION_EVERY_MS });
		// Two seconds: every phone has had a position accepted before the page opens.
		await new Promise((r) => setTimeout(r, 2500));

		const modes: Compositing[] = ['gpu', 'software'];
		const results: Measured[] = [];
		for (const mode of modes) {
			log(`control page: opening /control in Chromium (${MODE_WORDS[mode]})`);
			results.push(
				await measure({
					mode,
					url,
					token: seeded.organiserToken,
					chromiumPath: opts.chromiumPath,
					windowS: mode === 'gpu' ? windowS : Math.min(windowS, 10),
					log
				})
			);
		}
		const [gpu] = results;
		return [
			`Control page in Chromium (${opts.chromiumPath}, headless, SwiftShader WebGL, 1600x1000):`,
			`  ${seeded.incidents} incidents in the journal; ${MARSHALS} marshals on shift ` +
				`(${shift.ok} shift starts acked), each phone sending a position every ` +
				`${POSITION_EVERY_MS / 1000} s over Socket.IO`,
			`  queue: ${gpu.queueCount}; marshals on the map: ${gpu.marshalCount}`,
			...modes.flatMap((mode, i) => describe(mode, results[i]))
		];
	} finally {
		for (const step of undo.reverse()) {
			try {
				await step();
			} catch (err) {
				log(`control page: clean-up failed: ${String(err)}`);
			}
		}
	}
}
