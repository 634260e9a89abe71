/**
 * Pools the runs of each target and prints them side by side, ending with the one line
 * the issue asks for: `fanout p99 ratio vs bare socket.io: X.XX`.
 */
import type { BenchConfig } from './config';
import type { Target } from './messages';
import type { PhaseResult } from './phase';
import type { ProcSummary } from './proc-summary';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

type Pooled = {
	runs: number;
	clients: number;
	sent: number;
	ok: number;
	errors: Record<string, number>;
	shiftErrors: Record<string, number>;
	shiftRetries: number;
	expected: number;
	latencies: number[];
	sameServer: number[];
	otherServer: number[];
	ackMs: number[];
	unmatched: number;
	duplicates: number;
	disconnects: number;
	presencePerDashS: number;
	worstLateMs: number;
	drainMs: number;
	servers: ProcSummary[];
	workers: ProcSummary[];
	redisCpuPct: number | null;
};

function pool(runs: PhaseResult[]): Pooled {
	const add = (into: Record<string, number>, from: Record<string, number>) => {
		for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
	};
	const p: Pooled = {
		runs: runs.length,
		clients: runs[0]?.clients ?? 0,
		sent: 0,
		ok: 0,
		errors: {},
		shiftErrors: {},
		shiftRetries: 0,
		expected: 0,
		latencies: [],
		sameServer: [],
		otherServer: [],
		ackMs: [],
		unmatched: 0,
		duplicates: 0,
		disconnects: 0,
		presencePerDashS: 0,
		worstLateMs: 0,
		drainMs: 0,
		servers: [],
		workers: [],
		redisCpuPct: null
	};
	let dashSeconds = 0;
	let presence = 0;
	for (const r of runs) {
		p.sent += r.reports.sent;
		p.ok += r.reports.ok;
		add(p.errors, r.reports.errors);
		add(p.shiftErrors, r.shift.errors);
		p.shiftRetries += r.shift.retries;
		p.expected += r.expectedPairs;
		p.latencies.push(...r.latencies);
		p.sameServer.push(...r.sameServer);
		p.otherServer.push(...r.otherServer);
		p.ackMs.push(...r.reports.ackMs);
		p.unmatched += r.unmatched;
		p.duplicates += r.duplicates;
		p.disconnects += r.disconnects;
		p.worstLateMs = Math.max(p.worstLateMs, r.reports.worstLateMs);
		p.drainMs = Math.max(p.drainMs, r.drainMs);
		p.servers.push(...r.servers);
		p.workers.push(...r.workers);
		presence += r.presenceBatches;
		dashSeconds += (r.dashboards * r.presenceWindowMs) / 1000;
		if (r.redisCpuPct !== null) p.redisCpuPct = Math.max(p.redisCpuPct ?? 0, r.redisCpuPct);
	}
	p.presencePerDashS = dashSeconds ? presence / dashSeconds : 0;
	p.latencies.sort((a, b) => a - b);
	p.sameServer.sort((a, b) => a - b);
	p.otherServer.sort((a, b) => a - b);
	p.ackMs.sort((a, b) => a - b);
	return p;
}

const ms = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
const codes = (e: Record<string, number>) =>
	Object.entries(e)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ') || '0';
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
/** Per server letter (A, B) over all rounds: the worst round for memory and delay, mean CPU. */
function servers(
	all: ProcSummary[],
	f: (p: ProcSummary) => number,
	digits: number,
	combine: 'max' | 'mean' = 'max'
): string {
	const measured = all.filter((x) => x.measured);
	if (measured.length === 0) return 'n/a';
	const letters = [...new Set(all.map((x) => x.label.slice(-1)))].sort();
	return letters
		.map((letter) => {
			const xs = measured.filter((x) => x.label.endsWith(letter)).map(f);
			if (xs.length === 0) return '?';
			const v = combine === 'mean' ? xs.reduce((a, b) => a + b, 0) / xs.length : Math.max(...xs);
			return v.toFixed(digits);
		})
		.join(' / ');
}

export function printReport(
	cfg: BenchConfig,
	results: PhaseResult[],
	barePresence: boolean,
	/** Other benches' lines (the browser pages), printed after the table, before the verdict. */
	more: string[] = []
): { ratio: number | null } {
	const by = (t: Target) => pool(results.filter((r) => r.target === t));
	const bare = by('bare');
	const haven = by('haven');
	const p = (x: Pooled, q: number) => percentile(x.latencies, q);
	const loss = (x: Pooled) => {
		const lost = Math.max(0, x.expected - x.latencies.length);
		return `${lost} (${x.expected ? ((lost * 100) / x.expected).toFixed(2) : '0.00'} %)`;
	};
	const rows: [string, (x: Pooled) => string][] = [
		['runs pooled', (x) => String(x.runs)],
		['clients (marshals + dashboards)', (x) => String(x.clients)],
		['reports sent', (x) => String(x.sent)],
		['reports acked ok', (x) => String(x.ok)],
		['report refusals / ack timeouts', (x) => codes(x.errors)],
		[
			'shift starts: busy retries / refusals *',
			(x) => `${x.shiftRetries} / ${codes(x.shiftErrors)}`
		],
		['pairs expected (report x dashboard)', (x) => String(x.expected)],
		['pairs received', (x) => String(x.latencies.length)],
		['loss', loss],
		[
			'duplicates / unmatched / disconnects',
			(x) => `${x.duplicates} / ${x.unmatched} / ${x.disconnects}`
		],
		// A negative minimum would mean the processes' clocks disagree: the figures are void then.
		['latency min ms', (x) => ms(x.latencies.length ? x.latencies[0] : null)],
		['latency p50 ms', (x) => ms(p(x, 50))],
		['latency p95 ms', (x) => ms(p(x, 95))],
		['latency p99 ms', (x) => ms(p(x, 99))],
		['latency max ms', (x) => ms(p(x, 100))],
		[
			'p50 / p99 ms, dashboard on the same server',
			(x) => `${ms(percentile(x.sameServer, 50))} / ${ms(percentile(x.sameServer, 99))}`
		],
		[
			'p50 / p99 ms, dashboard on the other server',
			(x) => `${ms(percentile(x.otherServer, 50))} / ${ms(percentile(x.otherServer, 99))}`
		],
		[
			'report ack p50 / p99 ms',
			(x) => `${ms(percentile(x.ackMs, 50))} / ${ms(percentile(x.ackMs, 99))}`
		],
		['presence batches per dashboard per s', (x) => x.presencePerDashS.toFixed(2)],
		['server RSS MB (peak, A / B)', (x) => servers(x.servers, (s) => s.rssMb, 0)],
		['server heap MB (peak, A / B)', (x) => servers(x.servers, (s) => s.heapMb, 0)],
		['server CPU % of a core (A / B)', (x) => servers(x.servers, (s) => s.cpuPct, 0, 'mean')],
		['server event-loop delay p99 ms (worst s)', (x) => servers(x.servers, (s) => s.eldP99Ms, 1)],
		['server GC ms per s (A / B)', (x) => servers(x.servers, (s) => s.gcMsPerS, 1, 'mean')],
		['server longest GC pause ms (A / B)', (x) => servers(x.servers, (s) => s.gcMaxMs, 1)],
		['redis CPU % of a core', (x) => (x.redisCpuPct === null ? 'n/a' : x.redisCpuPct.toFixed(0))],
		[
			'client procs event-loop p99 ms (worst)',
			(x) => max(x.workers.map((w) => w.eldP99Ms)).toFixed(1)
		],
		['client procs CPU % (busiest)', (x) => max(x.workers.map((w) => w.cpuPct)).toFixed(0)],
		['report schedule slip ms (worst)', (x) => x.worstLateMs.toFixed(0)],
		['drain wait ms (longest)', (x) => String(x.drainMs)]
	];
	const width = Math.max(...rows.map(([label]) => label.length)) + 2;
	const col = 22;
	const lines = [
		'',
		`Haven fan-out benchmark: 2 server processes on one Redis; ${cfg.marshals} marshals over ` +
			`${cfg.workers} worker processes, ${cfg.dashboards} dashboards over ${cfg.dashboardProcs}`,
		`positions every ${cfg.positionIntervalMs / 1000} s (+-10 %); ${cfg.rate} reports/s for ` +
			`${cfg.durationS} s from ${cfg.reporters} reporters; ${cfg.descriptionChars}-char descriptions; ` +
			`bare servers batch positions to dashboards: ${barePresence ? 'yes' : 'no'}`,
		'',
		`${'metric'.padEnd(width)}${'bare socket.io'.padStart(col)}${'Haven'.padStart(col)}`,
		'-'.repeat(width + 2 * col),
		...rows.map(
			([label, f]) => `${label.padEnd(width)}${f(bare).padStart(col)}${f(haven).padStart(col)}`
		),
		'',
		'* a later round finds the marshals on shift already: conflict is expected there.',
		''
	];
	// A load generator or server stalled by something else voids the comparison: say so.
	const NOISY_MS = 50;
	for (const [name, x] of [
		['bare', bare],
		['Haven', haven]
	] as const) {
		const stall = Math.max(
			...x.servers.map((s) => s.eldP99Ms),
			...x.workers.map((w) => w.eldP99Ms),
			x.worstLateMs
		);
		if (stall > NOISY_MS) {
			lines.push(
				`warning: during the ${name} run some process stalled for ${stall.toFixed(0)} ms ` +
					'(event-loop delay or schedule slip): the machine was busy, the figures are noisy.'
			);
		}
	}
	if (more.length) lines.push('', ...more, '');
	const hp99 = p(haven, 99);
	const bp99 = p(bare, 99);
	const ratio = hp99 !== null && bp99 !== null && bp99 > 0 ? hp99 / bp99 : null;
	if (ratio !== null) {
		lines.push(`target: Haven p99 at most 1.5 x bare p99: ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
	}
	lines.push(`fanout p99 ratio vs bare socket.io: ${ratio === null ? 'n/a' : ratio.toFixed(2)}`);
	console.log(lines.join('\n'));
	return { ratio };
}
