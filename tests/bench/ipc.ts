/**
 * Child processes of the benchmark (client workers, bare servers), driven over Node's IPC
 * channel: the child announces `{ type: 'ready', ... }`, then answers requests
 * `{ id, cmd, ... }` with `{ id, ok, result | error }`. Every child exits when the channel
 * closes, so a crashed orchestrator leaves nothing behind.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Preloaded into every benchmark process: writes its memory, CPU and event-loop delay. */
export const PROC_STATS_URL = pathToFileURL(
	fileURLToPath(new URL('./proc-stats.js', import.meta.url))
).href;

type Reply = { id: number; ok: boolean; result?: unknown; error?: string };

export type Child<Ready = unknown> = {
	label: string;
	pid: number;
	ready: Ready;
	request<T>(msg: { cmd: string } & Record<string, unknown>, timeoutMs?: number): Promise<T>;
	/** Closes the channel, then escalates to SIGTERM and SIGKILL; always resolves. */
	stop(): Promise<void>;
	output(): string;
};

export type ForkOptions = {
	label: string;
	env?: Record<string, string>;
	statsFile?: string;
	verbose?: boolean;
	readyTimeoutMs?: number;
};

export function forkChild<Ready>(script: string, opts: ForkOptions): Promise<Child<Ready>> {
	const execArgv = ['--import', 'tsx'];
	if (opts.statsFile) execArgv.push('--import', PROC_STATS_URL);
	const child: ChildProcess = fork(script, [], {
		cwd: ROOT,
		execArgv,
		env: {
			...process.env,
			...opts.env,
			BENCH_STATS_FILE: opts.statsFile ?? '',
			BENCH_PROC_LABEL: opts.label
		},
		stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
		serialization: 'advanced'
	});
	let out = '';
	const keep = (d: Buffer) => {
		out = (out + d.toString()).slice(-20_000);
		if (opts.verbose) process.stderr.write(prefixLines(opts.label, d.toString()));
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
	let nextId = 1;
	child.once('exit', (code, signal) => {
		for (const p of pending.values()) {
			p.reject(new Error(`${opts.label} exited (${code ?? signal}) mid-request:\n${out}`));
		}
		pending.clear();
	});

	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		if (child.connected) child.disconnect();
		if (await within(exited, 3000)) return;
		child.kill('SIGTERM');
		if (await within(exited, 2000)) return;
		child.kill('SIGKILL');
		await exited;
	};

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			void stop();
			reject(new Error(`${opts.label} did not start in time:\n${out}`));
		}, opts.readyTimeoutMs ?? 30_000);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`${opts.label} exited (${code ?? signal}) before it was ready:\n${out}`));
		});
		child.on('message', (raw) => {
			const msg = raw as { type?: string } & Partial<Reply>;
			if (msg.type === 'ready') {
				clearTimeout(timer);
				resolve({
					label: opts.label,
					pid: child.pid!,
					ready: msg as Ready,
					request: (req, timeoutMs = 60_000) => {
						const id = nextId++;
						return new Promise((res, rej) => {
							const t = setTimeout(() => {
								pending.delete(id);
								rej(new Error(`${opts.label}: "${req.cmd}" got no answer in ${timeoutMs} ms`));
							}, timeoutMs);
							pending.set(id, {
								resolve: (v) => (clearTimeout(t), res(v as never)),
								reject: (e) => (clearTimeout(t), rej(e))
							});
							child.send({ ...req, id });
						});
					},
					stop,
					output: () => out
				});
				return;
			}
			if (typeof msg.id !== 'number') return;
			const p = pending.get(msg.id);
			if (!p) return;
			pending.delete(msg.id);
			if (msg.ok) p.resolve(msg.result);
			else p.reject(new Error(`${opts.label}: ${msg.error}`));
		});
	});
}

/** Child side: answers requests with `handlers`, exits when the parent goes away. */
export function serve(
	handlers: Record<string, (msg: Record<string, unknown>) => unknown>,
	ready: Record<string, unknown> = {},
	onExit: () => Promise<void> | void = () => {}
): void {
	if (!process.send) throw new Error('this script runs as a child of tests/bench/run.ts');
	const send = (m: unknown) => {
		if (process.connected) process.send!(m);
	};
	process.on('message', async (raw) => {
		const msg = raw as { id: number; cmd: string } & Record<string, unknown>;
		const handler = handlers[msg.cmd];
		try {
			if (!handler) throw new Error(`unknown command ${msg.cmd}`);
			send({ id: msg.id, ok: true, result: await handler(msg) });
		} catch (err) {
			send({ id: msg.id, ok: false, error: err instanceof Error ? err.stack : String(err) });
		}
	});
	let exiting = false;
	const exit = async () => {
		if (exiting) return;
		exiting = true;
		const force = setTimeout(() => process.exit(0), 2000);
		force.unref();
		try {
			await onExit();
		} finally {
			process.exit(0);
		}
	};
	process.on('disconnect', () => void exit());
	process.on('SIGTERM', () => void exit());
	process.on('SIGINT', () => void exit());
	send({ type: 'ready', ...ready });
}

const within = (p: Promise<void>, ms: number) =>
	new Promise<boolean>((resolve) => {
		const t = setTimeout(() => resolve(false), ms);
		void p.then(() => (clearTimeout(t), resolve(true)));
	});

const prefixLines = (label: string, text: string) =>
	text
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => `[${label}] ${l}\n`)
		.join('');
