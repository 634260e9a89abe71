/**
 * One measured run against one target (Haven or bare Socket.IO), the same steps for both:
 * start two servers, fork the client workers, connect every client, start the shifts, send
 * positions for a warm-up, then reports on a steady schedule; wait for the dashboards to
 * have every report (or the drain time to pass), collect, and tear everything down.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './config';
import { forkChild, type Child } from './ipc';
import type {
	ClientSpec,
	CollectResult,
	ConnectResult,
	ReportsResult,
	ShiftResult,
	Target
} from './messages';
import { summariseProcess, type ProcSummary } from './proc-summary';

const WORKER = fileURLToPath(new URL('./client-worker.ts', import.meta.url));

export type ServerHandle = { label: string; url: string; statsFile: string; stop(): Promise<void> };

export type PhaseInput = {
	target: Target;
	round: number;
	cfg: BenchConfig;
	statsDir: string;
	startServers(): Promise<ServerHandle[]>;
	/** Called once the servers listen; Haven mints its tickets here. */
	clients(urls: string[]): Promise<{ marshals: ClientSpec[]; dashboards: ClientSpec[] }>;
	/** Redis CPU seconds so far (user + system), or null when unknown. */
	redisCpuSeconds(): Promise<number | null>;
	log(line: string): void;
};

export type PhaseResult = {
	target: Target;
	clients: number;
	shift: ShiftResult;
	reports: ReportsResult;
	dashboards: number;
	expectedPairs: number;
	/** Dashboard receive minus marshal send, ms, one per (report, dashboard) pair received. */
	latencies: number[];
	/** The pairs whose dashboard is on the server the report was sent to (no hop between them). */
	sameServer: number[];
	/** The pairs whose dashboard is on the other server (through Redis, for both floors). */
	otherServer: number[];
	unmatched: number;
	duplicates: number;
	disconnects: number;
	/** Position batches all dashboards received in `presenceWindowMs`. */
	presenceBatches: number;
	presenceWindowMs: number;
	windowMs: number;
	drainMs: number;
	servers: ProcSummary[];
	workers: ProcSummary[];
	redisCpuPct: number | null;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sumErrors = (into: Record<string, number>, from: Record<string, number>) => {
	for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

export async function runPhase(input: PhaseInput): Promise<PhaseResult> {
	const { cfg, target, log } = input;
	const tag = `${target}-r${input.round}`;
	const children: Child[] = [];
	let servers: ServerHandle[] = [];
	try {
		log(`${tag}: starting two servers`);
		servers = await input.startServers();
		const fork = (label: string) =>
			forkChild(WORKER, {
				label,
				statsFile: join(input.statsDir, `${label}.jsonl`),
				verbose: cfg.verbose
			}).then((c) => (children.push(c), c));
		const [workers, dashProcs] = await Promise.all([
			Promise.all(Array.from({ length: cfg.workers }, (_, i) => fork(`${tag}-marshals-${i}`))),
			Promise.all(Array.from({ length: cfg.dashboardProcs }, (_, i) => fork(`${tag}-dash-${i}`)))
		]);

		const { marshals, dashboards } = await input.clients(servers.map((s) => s.url));
		const slice = <T>(all: T[], n: number, i: number) =>
			all.slice(Math.floor((i * all.length) / n), Math.floor(((i + 1) * all.length) / n));
		log(`${tag}: connecting ${dashboards.length} dashboards and ${marshals.length} marshals`);
		const connectAll = async (procs: Child[], specs: ClientSpec[]) => {
			const results = await Promise.all(
				procs.map((p, i) =>
					p.request<ConnectResult>(
						{ cmd: 'connect', clients: slice(specs, procs.length, i) },
						120_000
					)
				)
			);
			const failed = results.flatMap((r) => r.failed);
			if (failed.length) {
				throw new Error(
					`${failed.length} of ${specs.length} clients could not connect, e.g. ${failed[0]}`
				);
			}
		};
		await connectAll(dashProcs, dashboards);
		await connectAll(workers, marshals);

		const shift: ShiftResult = { ok: 0, retries: 0, errors: {} };
		for (const r of await Promise.all(
			workers.map((w) =>
				w.request<ShiftResult>({ cmd: 'start-shift', ackTimeoutMs: cfg.ackTimeoutMs }, 120_000)
			)
		)) {
			shift.ok += r.ok;
			shift.retries += r.retries;
			sumErrors(shift.errors, r.errors);
		}
		log(
			`${tag}: ${shift.ok} shifts started (${shift.retries} busy retries, ` +
				`${Object.values(shift.errors).reduce((a, b) => a + b, 0)} refused); ` +
				`positions for ${cfg.warmupS} s of warm-up`
		);
		await Promise.all(
			workers.map((w) => w.request({ cmd: 'positions', intervalMs: cfg.positionIntervalMs }))
		);
		await sleep(cfg.warmupS * 1000);

		const countAll = () =>
			Promise.all(
				dashProcs.map((d) =>
					d.request<{ received: number; presenceBatches: number }>({ cmd: 'count' })
				)
			);
		const presenceBefore = (await countAll()).reduce((n, c) => n + c.presenceBatches, 0);
		const presenceFrom = Date.now();
		const redis0 = await input.redisCpuSeconds();
		const t0 = Date.now() + 300;
		log(`${tag}: ${cfg.rate} reports/s for ${cfg.durationS} s`);
		const durationMs = cfg.durationS * 1000;
		const perWorker = await Promise.all(
			workers.map((w, slot) =>
				w.request<ReportsResult>(
					{
						cmd: 'reports',
						t0,
						rate: cfg.rate,
						durationMs,
						slot,
						slots: workers.length,
						descriptionChars: cfg.descriptionChars,
						ackTimeoutMs: cfg.ackTimeoutMs
					},
					durationMs + cfg.ackTimeoutMs + 60_000
				)
			)
		);
		const reports: ReportsResult = { sent: 0, ok: 0, errors: {}, ackMs: [], worstLateMs: 0 };
		for (const r of perWorker) {
			reports.sent += r.sent;
			reports.ok += r.ok;
			sumErrors(reports.errors, r.errors);
			reports.ackMs.push(...r.ackMs);
			reports.worstLateMs = Math.max(reports.worstLateMs, r.worstLateMs);
		}
		const refused = Object.entries(reports.errors)
			.filter(([code]) => code !== 'timeout')
			.reduce((n, [, v]) => n + v, 0);
		const expectedPairs = (reports.sent - refused) * dashboards.length;

		const drainStart = Date.now();
		while (Date.now() - drainStart < cfg.drainS * 1000) {
			const counts = await countAll();
			if (counts.reduce((n, c) => n + c.received, 0) >= expectedPairs) break;
			await sleep(100);
		}
		const tEnd = Date.now();
		const presenceAfter = (await countAll()).reduce((n, c) => n + c.presenceBatches, 0);
		const redis1 = await input.redisCpuSeconds();
		await Promise.all(children.map((c) => c.request({ cmd: 'stop-traffic' })));

		const collected = await Promise.all(
			children.map((c) => c.request<CollectResult>({ cmd: 'collect' }))
		);
		const serverOf = new Map([...marshals, ...dashboards].map((c) => [c.key, c.url]));
		const sent = new Map<string, { at: number; url?: string }>();
		for (const c of collected) {
			for (const [id, at, reporter] of c.sends) sent.set(id, { at, url: serverOf.get(reporter) });
		}
		const latencies: number[] = [];
		const sameServer: number[] = [];
		const otherServer: number[] = [];
		let unmatched = 0;
		for (const c of collected) {
			for (const [dashboard, id, at] of c.receipts) {
				const from = sent.get(id);
				if (from === undefined) {
					unmatched++;
					continue;
				}
				latencies.push(at - from.at);
				(serverOf.get(dashboard) === from.url ? sameServer : otherServer).push(at - from.at);
			}
		}
		const total = (f: (c: CollectResult) => number) => collected.reduce((n, c) => n + f(c), 0);

		const windowMs = tEnd - t0;
		return {
			target,
			clients: marshals.length + dashboards.length,
			shift,
			reports,
			dashboards: dashboards.length,
			expectedPairs,
			latencies,
			sameServer,
			otherServer,
			unmatched,
			duplicates: total((c) => c.duplicates),
			disconnects: total((c) => c.disconnects),
			presenceBatches: presenceAfter - presenceBefore,
			presenceWindowMs: tEnd - presenceFrom,
			windowMs,
			drainMs: tEnd - drainStart,
			servers: servers.map((s) => summariseProcess(s.label, s.statsFile, t0, tEnd)),
			workers: children.map((c) =>
				summariseProcess(c.label, join(input.statsDir, `${c.label}.jsonl`), t0, tEnd)
			),
			redisCpuPct:
				redis0 !== null && redis1 !== null ? ((redis1 - redis0) * 100_000) / windowMs : null
		};
	} finally {
		await Promise.all(
			children.map((c) => c.request({ cmd: 'close' }, 5000).catch(() => undefined))
		);
		await Promise.all(children.map((c) => c.stop()));
		await Promise.all(servers.map((s) => s.stop()));
	}
}
