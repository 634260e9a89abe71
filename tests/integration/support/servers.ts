import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp, type AppContainer } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';

/** Shared by every process of one test file, as HAVEN_SESSION_SECRET must be in production. */
export const TEST_SECRET = 'haven-integration-test-secret-0123456789';
export const DEMO_PASSWORD = 'pride-night-demo';

export type Env = Record<string, string>;

/** A throw-away directory; `remove()` in afterAll. */
export function tempDir(label: string) {
	const path = mkdtempSync(join(tmpdir(), `haven-${label}-`));
	return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A unique, valid event id, so a stray key or row can never belong to another file. */
export const uniqueEventId = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * The environment of one Haven deployment with the Wellington demo seeded. Built
 * explicitly (not from process.env) so a REDIS_URL in the shell never turns an
 * embedded test into a Redis one.
 */
export function havenEnv(opts: {
	eventId: string;
	dataDir: string;
	redis?: { url: string; keyPrefix: string };
}): Env {
	return {
		HAVEN_EVENT_ID: opts.eventId,
		HAVEN_DATA_DIR: opts.dataDir,
		HAVEN_SESSION_SECRET: TEST_SECRET,
		HAVEN_DEMO: '1',
		HAVEN_DEMO_PASSWORD: DEMO_PASSWORD,
		HAVEN_LOG_LEVEL: 'error',
		...(opts.redis
			? { REDIS_URL: opts.redis.url, HAVEN_TEST_KEY_PREFIX: opts.redis.keyPrefix }
			: {})
	};
}

/** An app container in the test process, for identities and for reading the journal. */
export function testApp(env: Env): Promise<AppContainer> {
	return createApp(loadConfig(env), { keyPrefix: env.HAVEN_TEST_KEY_PREFIX });
}

export type InProcessServer = { app: AppContainer; url: string; close(): Promise<void> };

/** The real realtime layer on a node:http server inside the test process (fast, SQLite). */
export async function startInProcessServer(
	env: Env,
	opts: { port?: number } = {}
): Promise<InProcessServer> {
	const app = await testApp(env);
	const http = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	app.attachRealtime(http);
	// A fixed port lets a test restart "the same server" for clients that keep their URL.
	await new Promise<void>((resolve) => http.listen(opts.port ?? 0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		app,
		url: `http://127.0.0.1:${port}`,
		// Closing the realtime server (inside app.close) closes the http server too.
		close: () => app.close()
	};
}

export { deleteRedisKeys } from '../../support/redis-keys';
