/**
 * A real Haven server process for integration tests: the same app container and
 * realtime layer as production, on a plain node:http server (no SvelteKit pages).
 * Configuration comes from the environment like production; it prints
 * `HAVEN_READY <port>` once listening and shuts down gracefully on SIGTERM.
 */
import { createServer } from 'node:http';
import { loadConfig } from '$lib/server/config';
import { createApp } from '$lib/server/app';

const config = loadConfig({
	...process.env,
	HAVEN_LOG_LEVEL: process.env.HAVEN_LOG_LEVEL ?? 'warn'
});
const app = await createApp(config, { keyPrefix: process.env.HAVEN_TEST_KEY_PREFIX });
const server = createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
const realtime = app.attachRealtime(server);
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	process.stdout.write(`HAVEN_READY ${port}\n`);
});

const stop = async () => {
	server.close();
	await app.drain(5000);
	await realtime.close();
	await app.close();
	process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
