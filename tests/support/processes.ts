import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export type ServerProcess = {
	port: number;
	url: string;
	child: ChildProcess;
	/** Output so far, for failure messages. */
	output(): string;
	stop(): Promise<void>;
	kill(): Promise<void>;
};

/** Starts a real Haven server process (tsx) and resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const ended = async (signal: NodeJS.Signals) => {
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			void ended('SIGKILL');
			reject(new Error(`server process did not start in time:\n${out}`));
		}, 20_000);
		child.stderr!.on('data', (d) => (out += d));
		child.stdout!.on('data', (d) => {
			out += d;
			const m = /HAVEN_READY (\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				const port = Number(m[1]);
				resolve({
					port,
					url: `http://127.0.0.1:${port}`,
					child,
					output: () => out,
					stop: () => ended('SIGTERM'),
					kill: () => ended('SIGKILL')
				});
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server process exited with ${code} before listening:\n${out}`));
		});
	});
}
