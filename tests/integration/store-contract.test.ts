import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { openStore } from '$lib/server/store/open-store';
import { openRedisStore } from '$lib/server/store/redis/redis-store';
import { openSqliteStore } from '$lib/server/store/sqlite/sqlite-store';
import { StoreUnavailableError } from '$lib/server/store/types';
import { storeContract } from './store-contract.suite';

const tempDirs: string[] = [];
afterAll(() => {
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite store', () => {
	storeContract({
		kind: 'sqlite',
		async space() {
			const dir = mkdtempSync(join(tmpdir(), 'haven-store-'));
			tempDirs.push(dir);
			// A nested path also proves the store creates the directory it needs.
			const file = join(dir, 'data', 'haven.sqlite');
			return { open: () => openSqliteStore({ file }) };
		}
	});
});

describe('Redis store', () => {
	const url = inject('redisUrl');
	const prefixes: string[] = [];

	storeContract({
		kind: 'redis',
		async space() {
			const keyPrefix = `test:${randomUUID()}:`;
			prefixes.push(keyPrefix);
			return { open: () => openRedisStore({ url, keyPrefix }) };
		},
		// REDIS_URL may name a shared server: leave nothing behind.
		async cleanup() {
			const redis = new Redis(url);
			redis.on('error', () => {});
			try {
				for (const prefix of prefixes.splice(0)) {
					const keys = await redis.keys(`${prefix}*`);
					if (keys.length > 0) await redis.del(...keys);
				}
			} finally {
				redis.disconnect();
			}
		}
	});

	it('reports itself unavailable, without crashing, when Redis cannot be reached', async () => {
		const consoleError = vi.spyOn(console, 'error');
		const port = await closedPort();
		const store = openRedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'down:' });
		try {
			const got: unknown[] = [];
			const stop = store.subscribe('pride', 0, (batch) => got.push(...batch));
			await expect(
				store.append({ eventId: 'pride', commandId: 'c1', expectedSeq: null, events: [] })
			).rejects.toThrow(TypeError);
			await expect(store.head('pride')).rejects.toBeInstanceOf(StoreUnavailableError);
			await expect(store.readSince('pride', 0)).rejects.toBeInstanceOf(StoreUnavailableError);
			await expect(store.findSessionById('s')).rejects.toBeInstanceOf(StoreUnavailableError);
			expect(await store.health()).toMatchObject({ ok: false, kind: 'redis' });
			stop();
			expect(got).toEqual([]);
		} finally {
			await store.close();
		}
		const logged = consoleError.mock.calls.flat().map(String).join('\n');
		expect(logged).not.toMatch(/Unhandled error event/);
		consoleError.mockRestore();
	});
});

describe('openStore', () => {
	it('opens SQLite in the data directory without a Redis URL, Redis with one', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'haven-open-'));
		tempDirs.push(dataDir);
		const embedded = openStore({ dataDir });
		const scaled = openStore({
			dataDir,
			redisUrl: inject('redisUrl'),
			keyPrefix: `test:${randomUUID()}:`
		});
		try {
			expect(embedded.kind).toBe('sqlite');
			expect(existsSync(join(dataDir, 'haven.sqlite'))).toBe(true);
			expect(scaled.kind).toBe('redis');
			expect(await scaled.health()).toMatchObject({ ok: true, kind: 'redis' });
		} finally {
			await Promise.all([embedded.close(), scaled.close()]);
		}
	});
});

/** A port nobody listens on: taken from the OS, then released. */
function closedPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}
