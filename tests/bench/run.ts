/**
 * `npm run bench`: Haven's report fan-out against a bare Socket.IO floor, in one run, on
 * one topology: two server processes on one Redis, simulated marshals spread over several
 * worker processes (one client process is the bottleneck otherwise), control dashboards in
 * their own processes. Prints a table and, last, `fanout p99 ratio vs bare socket.io: X.XX`.
 * Knobs: `npm run bench -- --help`. Everything listens on and talks to 127.0.0.1 only
 * (unless REDIS_URL names another Redis), and everything started is stopped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startServerProcess } from '../support/processes';
import { startRedisServer } from '../support/redis-server';
import { specsFor } from './client-specs';
import { loadBenchConfig } from './config';
import { setupHaven, marshalId, type HavenIdentities } from './haven-setup';
import { forkChild, PROC_STATS_URL } from './ipc';
import { runPhase, type PhaseInput, type PhaseResult, type ServerHandle } from './phase';
import { printReport } from './report';
import { runBrowserBenches } from './browser-runner';
import { deleteRedisKeys } from '../support/redis-keys';

const BARE_SERVER = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
const DEMO_PASSWORD = 'pride-night-demo';

const started = Date.now();
const log = (line: string) =>
	process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

/** Undone in reverse order at the end, on an error, on Ctrl-C and on the time limit. */
const cleanups: { what: string; run: () => Promise<void> | void }[] = [];
const onCleanup = (what: string, run: () => Promise<void> | void) => {
	const entry = { what, run };
	cleanups.push(entry);
	return () => {
		const at = cleanups.indexOf(entry);
		if (at >= 0) cleanups.splice(at, 1);
	};
};
async function cleanUp(): Promise<void> {
	while (cleanups.length) {
		const { what, run } = cleanups.pop()!;
		let timer: NodeJS.Timeout | undefined;
		const limit = new Promise<void>((resolve) => {
			timer = setTimeout(() => (log(`clean-up of ${what} timed out`), resolve()), 15_000);
		});
		await Promise.race([Promise.resolve().then(run), limit]).catch((err: unknown) =>
			log(`clean-up of ${what} failed: ${String(err)}`)
		);
		clearTimeout(timer);
	}
}

async function redisCpuReader(url: string) {
	const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
	redis.on('error', () => {});
	await redis.connect();
	onCleanup('the Redis stats connection', () => void redis.disconnect());
	return async () => {
		try {
			const info = await redis.info('cpu');
			const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1]);
			const s = field('used_cpu_sys') + field('used_cpu_user');
			return Number.isFinite(s) ? s : null;
		} catch {
			return null;
		}
	};
}

async function main(): Promise<number> {
	const cfg = loadBenchConfig();
	const fanout = cfg.only !== 'browser';
	const browser = cfg.only !== 'fanout';
	const budgetS =
		180 +
		(fanout
			? cfg.rounds * 2 * (cfg.durationS + cfg.warmupS + cfg.drainS + cfg.ackTimeoutMs / 1000 + 120)
			: 0) +
		(browser ? 600 + cfg.browserWindowS : 0);
	const deadline = setTimeout(() => {
		log(`the benchmark exceeded its ${Math.round(budgetS)} s limit; stopping everything`);
		void cleanUp().finally(() => process.exit(2));
	}, budgetS * 1000);
	deadline.unref();
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			log(`${signal}: stopping everything`);
			void cleanUp().finally(() => process.exit(130));
		});
	}

	if (!fanout) {
		const { lines, failed } = await runBrowserBenches(cfg, log);
		clearTimeout(deadline);
		await cleanUp();
		console.log(['', ...lines].join('\n'));
		return failed ? 1 : 0;
	}

	const dir = mkdtempSync(join(tmpdir(), 'haven-bench-'));
	onCleanup('the temporary directory', () => rmSync(dir, { recursive: true, force: true }));

	let redisUrl = process.env.REDIS_URL;
	if (redisUrl) {
		log(`using REDIS_URL`);
	} else {
		const redis = await startRedisServer();
		onCleanup('redis-server', () => redis.stop());
		redisUrl = redis.url;
		log(`private redis-server on ${redis.url}`);
	}
	const redisCpuSeconds = await redisCpuReader(redisUrl);

	const runId = randomUUID();
	const keyPrefix = `bench:${runId}:`;
	if (process.env.REDIS_URL)
		onCleanup('the run’s Redis keys', () => deleteRedisKeys(redisUrl, keyPrefix));
	const env: Record<string, string> = {
		REDIS_URL: redisUrl,
		HAVEN_SESSION_SECRET: randomBytes(36).toString('base64url'),
		HAVEN_EVENT_ID: `bench-${runId.slice(0, 8)}`,
		HAVEN_DEMO: '1',
		HAVEN_DEMO_PASSWORD: DEMO_PASSWORD,
		HAVEN_TEST_KEY_PREFIX: keyPrefix,
		HAVEN_TRUST_PROXY: 'true',
		HAVEN_LOG_LEVEL: 'warn',
		HAVEN_DATA_DIR: join(dir, 'data')
	};

	log(`setting up ${cfg.marshals} marshal phones and ${cfg.dashboards} organiser sessions`);
	const ids: HavenIdentities = await setupHaven(env, keyPrefix, {
		marshals: cfg.marshals,
		organisers: cfg.dashboards,
		demoPassword: DEMO_PASSWORD
	});
	onCleanup('the set-up app container', () => ids.app.close());
	log('identities ready');

	const statsFile = (label: string) => join(dir, `${label}.jsonl`);
	const stopAll = (handles: ServerHandle[]) => Promise.all(handles.map((h) => h.stop()));
	/** Starts both servers, or none: a half-started pair is stopped before the error goes up. */
	const both = async (start: (i: number) => Promise<ServerHandle>) => {
		const settled = await Promise.allSettled([start(0), start(1)]);
		const handles = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
		const failed = settled.find((s) => s.status === 'rejected');
		if (failed) {
			await stopAll(handles);
			throw (failed as PromiseRejectedResult).reason;
		}
		return handles;
	};
	const tracked = (label: string, stop: () => Promise<void>): (() => Promise<void>) => {
		const untrack = onCleanup(label, stop);
		return async () => {
			untrack();
			await stop();
		};
	};

	const startHaven = (round: number) =>
		both(async (i) => {
			const label = `haven-r${round}-server-${'AB'[i]}`;
			const server = await startServerProcess({
				...env,
				BENCH_STATS_FILE: statsFile(label),
				NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${PROC_STATS_URL}`.trim()
			});
			const stop = async () => {
				const timer = setTimeout(() => void server.kill(), 10_000);
				await server.stop();
				clearTimeout(timer);
			};
			return { label, url: server.url, statsFile: statsFile(label), stop: tracked(label, stop) };
		});

	const startBare = (round: number, presence: boolean) =>
		both(async (i) => {
			const label = `bare-r${round}-server-${'AB'[i]}`;
			const child = await forkChild<{ port: number }>(BARE_SERVER, {
				label,
				statsFile: statsFile(label),
				verbose: cfg.verbose,
				env: {
					REDIS_URL: redisUrl,
					BENCH_BARE_CHANNEL: `bench-bare-${runId}-r${round}`,
					BENCH_BARE_PRESENCE: presence ? '1' : '0'
				}
			});
			return {
				label,
				url: `http://127.0.0.1:${child.ready.port}`,
				statsFile: statsFile(label),
				stop: tracked(label, () => child.stop())
			};
		});

	const results: PhaseResult[] = [];
	let barePresence = cfg.barePresence === 'on';
	for (let round = 1; round <= cfg.rounds; round++) {
		const common = { round, cfg, statsDir: dir, redisCpuSeconds, log };
		const haven: PhaseInput = {
			...common,
			target: 'haven',
			startServers: () => startHaven(round),
			clients: async (urls) => {
				// Tickets live 10 minutes: minted here, right before the clients connect.
				const since = await ids.head();
				return specsFor(cfg, urls, {
					marshal: (i) => ({ ticket: ids.ticket(ids.marshals[i]), since }),
					dashboard: (i) => ({ ticket: ids.ticket(ids.organisers[i]), since })
				});
			}
		};
		results.push(await runPhase(haven));
		if (round === 1 && cfg.barePresence === 'auto') {
			barePresence = results[0].presenceBatches > 0;
		}
		const bare: PhaseInput = {
			...common,
			target: 'bare',
			startServers: () => startBare(round, barePresence),
			clients: async (urls) =>
				specsFor(cfg, urls, {
					marshal: (i) => ({ role: 'marshal', id: marshalId(i) }),
					dashboard: (i) => ({ role: 'control', id: `dashboard-${i}` })
				})
		};
		results.push(await runPhase(bare));
	}

	// The fan-out run's servers, Redis and identities go first: the page benches start their own.
	await cleanUp();
	const pages = browser ? await runBrowserBenches(cfg, log) : { lines: [], failed: 0 };
	clearTimeout(deadline);
	log('done; everything stopped');
	const { ratio } = printReport(cfg, results, barePresence, pages.lines);
	return ratio === null || pages.failed ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	async (err: unknown) => {
		console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
		await cleanUp();
		process.exit(1);
	}
);
