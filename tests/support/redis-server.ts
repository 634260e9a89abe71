import { spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export type RedisServer = { url: string; port: number; stop(): Promise<void> };

const STARTUP_MS = 10_000;

/** A private, throw-away redis-server on a free loopback port: no persistence at all. */
export async function startRedisServer(): Promise<RedisServer> {
	const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
	if (spawnSync(bin, ['--version']).error) {
		throw new Error(
			`'${bin}' was not found. The Redis tests need a local redis-server: ` +
				'apt-get install -y redis-server (or set REDIS_URL to an existing server).'
		);
	}
	const port = await freePort();
	const child = spawn(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null && child.pid) {
			try {
				process.kill(child.pid, 'SIGTERM');
			} catch {
				// Exited between the check and the signal.
			}
			await Promise.race([exited, delay(5000)]);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		await exited;
	};

	try {
		await waitForPing(port, () => child.exitCode !== null);
	} catch (err) {
		await stop();
		throw new Error(`redis-server did not start on port ${port}: ${String(err)} ${stderr}`, {
			cause: err
		});
	}
	return { url: `redis://127.0.0.1:${port}`, port, stop };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Raw RESP PING, so no client library logs connection errors while the server boots. */
async function waitForPing(port: number, hasExited: () => boolean): Promise<void> {
	const deadline = Date.now() + STARTUP_MS;
	while (Date.now() < deadline) {
		if (hasExited()) throw new Error('redis-server exited');
		if (await ping(port)) return;
		await delay(50);
	}
	throw new Error('timed out waiting for PING');
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
