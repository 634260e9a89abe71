/**
 * Preloaded (`node --import`) into every process of the benchmark, Haven's servers included
 * (through NODE_OPTIONS, so the server entry stays untouched). Once a second it appends one
 * JSON line to BENCH_STATS_FILE: memory, cumulative CPU time and that second's event-loop
 * delay. Plain JavaScript so it loads before (and without) tsx. Does nothing without the
 * variable.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.BENCH_STATS_FILE;
if (file) {
	const RESOLUTION_MS = 10;
	const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
	// The histogram holds the sampling timer's whole interval: the delay is what exceeds it.
	const late = (/** @type {number} */ ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
	delay.enable();
	// Garbage collection pauses the event loop too: a long one shows as a slow report that
	// no line of our code explains.
	let gcMs = 0;
	let gcMax = 0;
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			gcMs += entry.duration;
			gcMax = Math.max(gcMax, entry.duration);
		}
	}).observe({ entryTypes: ['gc'] });
	const timer = setInterval(() => {
		const mem = process.memoryUsage();
		const cpu = process.cpuUsage();
		const line = {
			t: Date.now(),
			rss: mem.rss,
			heapUsed: mem.heapUsed,
			heapTotal: mem.heapTotal,
			cpuUs: cpu.user + cpu.system,
			eldP99: late(delay.percentile(99)),
			eldMax: late(delay.max),
			gcMs,
			gcMax
		};
		delay.reset();
		gcMs = 0;
		gcMax = 0;
		try {
			appendFileSync(file, JSON.stringify(line) + '\n');
		} catch {
			// The run's directory is gone: the orchestrator has finished.
		}
	}, 1000);
	timer.unref();
}

// BENCH_CPU_PROFILE_DIR (for digging into a figure, not for the figures themselves): each
// process that has a stats file also writes a V8 CPU profile there when it exits, named after
// it. Open it in Chrome DevTools (Performance) or speedscope. `--cpu-prof` cannot go through
// NODE_OPTIONS, hence the inspector.
const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
if (file && profileDir) {
	const { Session } = await import('node:inspector');
	const { basename, join } = await import('node:path');
	const { writeFileSync } = await import('node:fs');
	const session = new Session();
	session.connect();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', { interval: 200 });
	session.post('Profiler.start');
	process.once('exit', () => {
		// The in-process inspector answers synchronously, so this works inside 'exit'.
		session.post('Profiler.stop', (err, result) => {
			if (err) return;
			const name = basename(file).replace(/\.jsonl$/, '');
			writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(result.profile));
		});
	});
}
