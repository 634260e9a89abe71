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
import { fileURLToPath } from 'node:url';
import { marshalId, pool, type BenchIdentity } from '../haven-setup';
import { forkChild, type Child } from '../ipc';
import { byOwner, chunkOwners, frameLines } from '../long-frames';
import type { ClientSpec, ConnectResult, ShiftResult } from '../messages';
import { incidentEvents } from '../night-incidents';
import {
	appendAll,
	DEMO_ORGANISER_EMAIL,
	DEMO_PASSWORD,
	ensureBuilt,
	launchChromium,
	pageEnv,
	startPageServer,
	withApp,
	type BrowserBenchOptions
} from '../page-kit';
import { cpuShare, cpuSnapshot, type CpuSnapshot } from '../cpu-share';
import { INSTRUMENT, readBench, startProfile, type BenchWindow } from '../page-probe';
import {
	describe,
	MODE_WORDS,
	QUIET_LIMIT_MS,
	QUIET_MS,
	windowOf,
	type Compositing,
	type Measured
} from '../control-report';

const INCIDENTS = 5000;
const MARSHALS = 500;
const POSITION_EVERY_MS = 1000;
const WORKER = fileURLToPath(new URL('../client-worker.ts', import.meta.url));

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

const shareOf = (from: CpuSnapshot | null, to: CpuSnapshot | null) =>
	from && to ? cpuShare(from, to) : null;

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
		const cpuAtStart = cpuSnapshot();
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
		const cpuAtLoad = cpuSnapshot();
		await loadProfile.stop();
		o.log(`control page: loaded; measuring ${o.windowS} s while the marshals move`);
		const profile = await startProfile(page, `control-page-${o.mode}-steady`);
		await page.waitForTimeout(o.windowS * 1000);
		const after = await readBench(page);
		const cpuAtEnd = cpuSnapshot();
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
			loadCpu: shareOf(cpuAtStart, cpuAtLoad),
			steadyCpu: shareOf(cpuAtLoad, cpuAtEnd),
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
