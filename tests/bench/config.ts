/**
 * The benchmark's knobs: each one an environment variable (BENCH_*) or a flag
 * (`npm run bench -- --duration 10`), flags winning. Defaults give the scenario
 * in about two minutes.
 */

export type BenchConfig = {
	/** Simulated marshal phones, spread over `workers` processes. */
	marshals: number;
	/** Control-room dashboards, spread over `dashboardProcs` processes. */
	dashboards: number;
	workers: number;
	dashboardProcs: number;
	/** Marshals (of all) that send reports, spread evenly over the workers. */
	reporters: number;
	/** Reports per second, all workers together. */
	rate: number;
	/** Seconds of reporting, per run. */
	durationS: number;
	/** Seconds of position traffic alone before reports start. */
	warmupS: number;
	/** Seconds to wait, after the last ack, for reports still on their way to dashboards. */
	drainS: number;
	positionIntervalMs: number;
	/** Characters of report description (the bulk of the payload). */
	descriptionChars: number;
	/** Each round runs Haven then bare Socket.IO; samples of all rounds are pooled. */
	rounds: number;
	/** Whether the bare servers send position batches to dashboards once a second. */
	barePresence: 'auto' | 'on' | 'off';
	ackTimeoutMs: number;
	/** Echo child processes' stderr. */
	verbose: boolean;
	/** Which parts run: the fan-out comparison, the browser page benches, or both. */
	only: 'all' | 'fanout' | 'browser';
	/** Browser benches to run (file names in tests/bench/browser/ without .ts); empty: all. */
	browserBenches: string[];
	/** Debian's Chromium, for the browser benches. */
	chromiumPath: string;
	/** Seconds of each browser bench's steady-state window. */
	browserWindowS: number;
};

type Knob = {
	key: keyof BenchConfig;
	flag: string;
	env: string;
	def: number | string | boolean;
	min?: number;
	max?: number;
	help: string;
};

const KNOBS: Knob[] = [
	{
		key: 'marshals',
		flag: 'marshals',
		env: 'BENCH_MARSHALS',
		def: 500,
		min: 1,
		max: 20_000,
		help: 'simulated marshals'
	},
	{
		key: 'dashboards',
		flag: 'dashboards',
		env: 'BENCH_DASHBOARDS',
		def: 20,
		min: 1,
		max: 1000,
		help: 'control dashboards'
	},
	{
		key: 'workers',
		flag: 'workers',
		env: 'BENCH_WORKERS',
		def: 4,
		min: 1,
		max: 32,
		help: 'marshal worker processes'
	},
	{
		key: 'dashboardProcs',
		flag: 'dashboard-procs',
		env: 'BENCH_DASHBOARD_PROCS',
		def: 2,
		min: 1,
		max: 16,
		help: 'dashboard processes'
	},
	{
		key: 'reporters',
		flag: 'reporters',
		env: 'BENCH_REPORTERS',
		def: 100,
		min: 1,
		max: 20_000,
		help: 'marshals that send reports'
	},
	{
		key: 'rate',
		flag: 'rate',
		env: 'BENCH_RATE',
		def: 10,
		min: 0.1,
		max: 1000,
		help: 'reports per second in total'
	},
	{
		key: 'durationS',
		flag: 'duration',
		env: 'BENCH_DURATION',
		def: 30,
		min: 1,
		max: 3600,
		help: 'seconds of reports per run'
	},
	{
		key: 'warmupS',
		flag: 'warmup',
		env: 'BENCH_WARMUP',
		def: 5,
		min: 0,
		max: 600,
		help: 'seconds of positions before reports'
	},
	{
		key: 'drainS',
		flag: 'drain',
		env: 'BENCH_DRAIN',
		def: 5,
		min: 0.5,
		max: 600,
		help: 'seconds to wait for late deliveries'
	},
	{
		key: 'positionIntervalMs',
		flag: 'position-interval',
		env: 'BENCH_POSITION_INTERVAL_MS',
		def: 5000,
		min: 100,
		max: 600_000,
		help: 'ms between a marshal’s positions'
	},
	{
		key: 'descriptionChars',
		flag: 'description-chars',
		env: 'BENCH_DESCRIPTION_CHARS',
		def: 200,
		min: 1,
		max: 1000,
		help: 'report description length'
	},
	{
		key: 'rounds',
		flag: 'rounds',
		env: 'BENCH_ROUNDS',
		def: 1,
		min: 1,
		max: 20,
		help: 'Haven + bare rounds, pooled'
	},
	{
		key: 'barePresence',
		flag: 'bare-presence',
		env: 'BENCH_BARE_PRESENCE',
		def: 'auto',
		help: 'auto|on|off: bare servers batch positions to dashboards'
	},
	{
		key: 'ackTimeoutMs',
		flag: 'ack-timeout-ms',
		env: 'BENCH_ACK_TIMEOUT_MS',
		def: 10_000,
		min: 100,
		max: 120_000,
		help: 'command ack timeout'
	},
	{
		key: 'only',
		flag: 'only',
		env: 'BENCH_ONLY',
		def: 'all',
		help: 'all|fanout|browser: which benches run'
	},
	{
		key: 'browserBenches',
		flag: 'browser-bench',
		env: 'BENCH_BROWSER',
		def: '',
		help: 'comma-separated tests/bench/browser/ modules to run (default: all)'
	},
	{
		key: 'chromiumPath',
		flag: 'chromium',
		env: 'BENCH_CHROMIUM',
		def: '/usr/bin/chromium',
		help: 'Chromium executable for the browser benches'
	},
	{
		key: 'browserWindowS',
		flag: 'browser-window',
		env: 'BENCH_BROWSER_WINDOW',
		def: 20,
		min: 1,
		max: 600,
		help: 'seconds each browser bench measures a steady page'
	},
	{
		key: 'verbose',
		flag: 'verbose',
		env: 'BENCH_VERBOSE',
		def: false,
		help: 'echo child processes’ stderr'
	}
];

export function usage(): string {
	const lines = KNOBS.map(
		(k) => `  --${k.flag.padEnd(20)} ${k.env.padEnd(28)} ${k.help} (default ${String(k.def)})`
	);
	return `Usage: npm run bench -- [flags]\n  flag                   environment\n${lines.join('\n')}`;
}

function parseFlags(argv: string[]): Map<string, string> {
	const flags = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${usage()}`);
		const eq = arg.indexOf('=');
		if (eq > 0) {
			flags.set(arg.slice(2, eq), arg.slice(eq + 1));
		} else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
			flags.set(arg.slice(2), argv[++i]);
		} else {
			flags.set(arg.slice(2), 'true');
		}
	}
	return flags;
}

export function loadBenchConfig(
	env: Record<string, string | undefined> = process.env,
	argv: string[] = process.argv.slice(2)
): BenchConfig {
	const flags = parseFlags(argv);
	if (flags.has('help')) {
		console.log(usage());
		process.exit(0);
	}
	const known = new Set(KNOBS.map((k) => k.flag));
	for (const name of flags.keys()) {
		if (!known.has(name)) throw new Error(`unknown flag --${name}\n${usage()}`);
	}
	const out: Record<string, unknown> = {};
	for (const k of KNOBS) {
		const raw = flags.get(k.flag) ?? env[k.env];
		out[k.key] = raw === undefined || raw.trim() === '' ? k.def : parseValue(k, raw.trim());
	}
	const list = String(out.browserBenches ?? '');
	out.browserBenches = list
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const cfg = out as BenchConfig;
	if (cfg.reporters > cfg.marshals) cfg.reporters = cfg.marshals;
	if (cfg.workers > cfg.marshals) cfg.workers = cfg.marshals;
	if (cfg.dashboardProcs > cfg.dashboards) cfg.dashboardProcs = cfg.dashboards;
	if (cfg.reporters < cfg.workers) cfg.reporters = Math.min(cfg.workers, cfg.marshals);
	return cfg;
}

function parseValue(k: Knob, raw: string): number | string | boolean {
	if (typeof k.def === 'boolean') {
		if (['1', 'true', 'yes'].includes(raw)) return true;
		if (['0', 'false', 'no'].includes(raw)) return false;
		throw new Error(`--${k.flag} / ${k.env} must be true or false (got "${raw}")`);
	}
	if (typeof k.def === 'string') {
		if (k.key === 'barePresence' && !['auto', 'on', 'off'].includes(raw)) {
			throw new Error(`--${k.flag} / ${k.env} must be auto, on or off (got "${raw}")`);
		}
		if (k.key === 'only' && !['all', 'fanout', 'browser'].includes(raw)) {
			throw new Error(`--${k.flag} / ${k.env} must be all, fanout or browser (got "${raw}")`);
		}
		return raw;
	}
	const n = Number(raw);
	if (!Number.isFinite(n) || n < (k.min ?? -Infinity) || n > (k.max ?? Infinity)) {
		throw new Error(
			`--${k.flag} / ${k.env} must be a number from ${k.min} to ${k.max} (got "${raw}")`
		);
	}
	return Number.isInteger(k.def) && k.key !== 'rate' && k.key !== 'drainS' ? Math.round(n) : n;
}
