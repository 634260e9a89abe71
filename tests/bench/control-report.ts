/**
 * The control page bench's figures: what one measured page load and steady window hold, and the
 * lines the bench prints for them.
 */
import { describeCpuShare, type CpuShare } from './cpu-share';
import { withTarget } from './page-kit';

const LONG_TASK_TARGET_MS = 100;

type Task = { start: number; duration: number };
const longest = (ts: Task[]) => (ts.length ? Math.max(...ts.map((t) => t.duration)) : 0);
const over = (ts: Task[], ms: number) => ts.filter((t) => t.duration > ms).length;
const ms = (v: number | null | undefined) => (v == null ? 'n/a' : `${v.toFixed(0)} ms`);

export type Compositing = 'gpu' | 'software';
export const MODE_WORDS: Record<Compositing, string> = {
	gpu: 'composited on the GPU process, as on a machine with a graphics chip',
	software: 'software compositing (--disable-gpu, as the e2e suite runs)'
};
/** The load ends once the marks are set and no long task came for this long... */
export const QUIET_MS = 1000;
/** ...or this long after the marks, if the page never goes quiet. */
export const QUIET_LIMIT_MS = 15_000;

type Window = { longest: number; overFifty: number; overHundred: number; seconds: number };
export type Measured = {
	htmlBytes: number | null;
	responseEnd: number | null;
	fcp: number | null;
	domContentLoaded: number | null;
	marks: Record<string, number>;
	loadEnd: number;
	/** False: the page never had QUIET_MS without a long task, the load ended at the limit. */
	quiet: boolean;
	load: Window;
	/** Who had the CPU meanwhile (null without /proc). */
	loadCpu: CpuShare | null;
	steadyCpu: CpuShare | null;
	/** The load's long animation frames, grouped by whose code ran in them. */
	loadFrames: string;
	steady: Window & { updates: number };
	queueCount: string;
	marshalCount: number;
};

export const windowOf = (ts: Task[], seconds: number): Window => ({
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

export function describe(mode: Compositing, m: Measured): string[] {
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
		...(m.loadCpu ? [`    during the load, ${describeCpuShare(m.loadCpu)}`] : []),
		`    load frames over 100 ms, by the code that ran longest in each: ${m.loadFrames}`,
		`    steady ${m.steady.seconds.toFixed(0)} s, marshal positions updated on the map ${m.steady.updates} times ` +
			`(${(m.steady.updates / m.steady.seconds).toFixed(2)}/s): longest task ${withTarget(m.steady.longest, LONG_TASK_TARGET_MS)}; ` +
			`tasks over 50 ms: ${m.steady.overFifty}, over 100 ms: ${m.steady.overHundred}`,
		...(m.steadyCpu ? [`    during the steady window, ${describeCpuShare(m.steadyCpu)}`] : [])
	];
}
