/**
 * The control page under load, in Chromium: the demo event with 5,000 incidents in its
 * journal (mixed states, severities and categories across the event's area) and 500 marshals
 * on shift whose phones send a position every second over real Socket.IO connections, so the
 * page gets `presence:batch` about once a second, as in production. An organiser opens
 * /control; we measure the time to the first map render and the main thread's long tasks,
 * during the load and over a steady window while the marshals move.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { LngLat } from '$lib/shared/geo';
import { pointInRing } from '$lib/shared/geo';
import type { NewJournalEvent } from '$lib/shared/journal';
import { INCIDENT_CATEGORIES, type IncidentState } from '$lib/shared/model';
import { marshalId, pool, type BenchIdentity } from '../haven-setup';
import { forkChild, type Child } from '../ipc';
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
		marks: Record<string, number>;
	};
};

/**
 * Runs in the page before any of its scripts: long tasks and the map's ready markers. A
 * string, not a function: tsx compiles functions with helpers (`__name`) the page lacks.
 */
const INSTRUMENT = `(() => {
	const bench = { longTasks: [], marks: {} };
	window.__havenBench = bench;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
	}).observe({ type: 'longtask', buffered: true });
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
			marks: { ...b.marks },
			responseEnd: nav?.responseEnd ?? null,
			domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
			htmlBytes: nav?.decodedBodySize ?? null,
			fcp: paint?.startTime ?? null,
			marshalUpdates: Number(marshals?.getAttribute('data-updates') ?? 0),
			marshalCount: Number(marshals?.getAttribute('data-count') ?? 0),
			queueCount: document.querySelector('[data-testid="queue-count"]')?.textContent ?? ''
		};
	});

/**
 * BENCH_PAGE_PROFILE_DIR: a V8 CPU profile of the page's main thread over the steady window
 * (control-page-load.cpuprofile: navigation to map ready; control-page-steady.cpuprofile), for finding what the long tasks are. Off by default: it slows
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
			writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
			await cdp.detach();
		}
	};
}

type Task = { start: number; duration: number };
const longest = (ts: Task[]) => (ts.length ? Math.max(...ts.map((t) => t.duration)) : 0);
const over = (ts: Task[], ms: number) => ts.filter((t) => t.duration > ms).length;
const ms = (v: number | null | undefined) => (v == null ? 'n/a' : `${v.toFixed(0)} ms`);

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

		const browser = await launchChromium(opts.chromiumPath);
		undo.push(() => browser.close());
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
		await context.addCookies([{ name: 'haven_session', value: seeded.organiserToken, url }]);
		const page = await context.newPage();
		await page.addInitScript({ content: INSTRUMENT });
		const loadProfile = await startProfile(page, 'control-page-load');
		log('control page: opening /control in Chromium');
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
		const loaded = await readBench(page);
		await loadProfile.stop();
		log(`control page: map ready; measuring ${windowS} s while the marshals move`);
		const profile = await startProfile(page, 'control-page-steady');
		await page.waitForTimeout(windowS * 1000);
		const after = await readBench(page);
		await profile.stop();
		const inWindow = after.longTasks.filter((t) => t.start >= loaded.now);
		const inLoad = after.longTasks.filter((t) => t.start < loaded.now);
		const updates = after.marshalUpdates - loaded.marshalUpdates;
		const seconds = (after.now - loaded.now) / 1000;

		return [
			`Control page in Chromium (${opts.chromiumPath}, headless, SwiftShader WebGL, 1600x1000):`,
			`  ${seeded.incidents} incidents in the journal; ${MARSHALS} marshals on shift ` +
				`(${shift.ok} shift starts acked), each phone sending a position every ` +
				`${POSITION_EVERY_MS / 1000} s over Socket.IO`,
			`  queue: ${after.queueCount.replace(/\s+/g, ' ').trim()}; marshals on the map: ${after.marshalCount}`,
			`  HTML ${after.htmlBytes === null ? 'n/a' : `${(after.htmlBytes / 1e6).toFixed(1)} MB`}, ` +
				`response end ${ms(loaded.responseEnd)}, first contentful paint ${ms(loaded.fcp)}, ` +
				`DOMContentLoaded ${ms(loaded.domContentLoaded)}`,
			`  first map render (navigation start to the map's ready marker): ${ms(loaded.marks.map)}`,
			`  incidents on the map: ${ms(loaded.marks.incidents)}; marshals on the map: ${ms(loaded.marks.marshals)}`,
			`  load (navigation to all three): longest task ${withTarget(longest(inLoad), LONG_TASK_TARGET_MS)}; ` +
				`tasks over 50 ms: ${inLoad.length}, over 100 ms: ${over(inLoad, 100)}`,
			`  steady ${seconds.toFixed(0)} s, marshal positions updated on the map ${updates} times ` +
				`(${(updates / seconds).toFixed(2)}/s): longest task ${withTarget(longest(inWindow), LONG_TASK_TARGET_MS)}; ` +
				`tasks over 50 ms: ${inWindow.length}, over 100 ms: ${over(inWindow, 100)}`
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
