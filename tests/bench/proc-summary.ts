/**
 * Reads what proc-stats.js wrote for one process and sums up a time window: peak memory,
 * CPU use and the worst event-loop delay seen in any one second of it.
 */
import { existsSync, readFileSync } from 'node:fs';

export type ProcSummary = {
	label: string;
	/** False when the process wrote nothing in the window (the preload did not load). */
	measured: boolean;
	rssMb: number;
	heapMb: number;
	/** Of one core. */
	cpuPct: number;
	/** Worst per-second p99 of event-loop delay. */
	eldP99Ms: number;
	eldMaxMs: number;
	/** Time spent in garbage collection, per second of the window. */
	gcMsPerS: number;
	/** The longest single collection pause. */
	gcMaxMs: number;
};

type Line = {
	t: number;
	rss: number;
	heapUsed: number;
	cpuUs: number;
	eldP99: number;
	eldMax: number;
	gcMs?: number;
	gcMax?: number;
};

export function summariseProcess(
	label: string,
	file: string,
	from: number,
	to: number
): ProcSummary {
	const lines: Line[] = existsSync(file)
		? readFileSync(file, 'utf8')
				.split('\n')
				.filter(Boolean)
				.flatMap((l) => {
					try {
						return [JSON.parse(l) as Line];
					} catch {
						return [];
					}
				})
		: [];
	// A line covers the second before its timestamp.
	const inside = lines.filter((l) => l.t > from && l.t <= to + 1000);
	const empty = {
		label,
		measured: false,
		rssMb: 0,
		heapMb: 0,
		cpuPct: 0,
		eldP99Ms: 0,
		eldMaxMs: 0,
		gcMsPerS: 0,
		gcMaxMs: 0
	};
	if (inside.length === 0) return empty;
	const before = lines.filter((l) => l.t <= from).at(-1) ?? inside[0];
	const last = inside[inside.length - 1];
	const elapsedMs = last.t - before.t;
	const MB = 1024 * 1024;
	return {
		label,
		measured: true,
		rssMb: Math.max(...inside.map((l) => l.rss)) / MB,
		heapMb: Math.max(...inside.map((l) => l.heapUsed)) / MB,
		cpuPct: elapsedMs > 0 ? (last.cpuUs - before.cpuUs) / 10 / elapsedMs : 0,
		eldP99Ms: Math.max(...inside.map((l) => l.eldP99)),
		eldMaxMs: Math.max(...inside.map((l) => l.eldMax)),
		gcMsPerS:
			elapsedMs > 0 ? (inside.reduce((sum, l) => sum + (l.gcMs ?? 0), 0) * 1000) / elapsedMs : 0,
		gcMaxMs: Math.max(...inside.map((l) => l.gcMax ?? 0))
	};
}
