/**
 * One contract for both presence stores: the embedded one (this process's memory) and
 * the scaled one (a real redis-server, a fresh key prefix per test). Latest position per
 * marshal, nearest first with straight-line distances, stale positions dropped and
 * pruned, events kept apart.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { distanceMetres, type LngLat } from '$lib/shared/geo';
import type { MarshalPosition } from '$lib/shared/protocol';
import { openMemoryPresence } from '$lib/server/store/presence/memory';
import { openPresence } from '$lib/server/store/presence/open-presence';
import { openRedisPresence } from '$lib/server/store/presence/redis';
import {
	PRESENCE_TTL_MS,
	type PresenceOptions,
	type PresenceStore
} from '$lib/server/store/presence/types';
import { deleteRedisKeys } from './support/servers';

/** Cuba Street, Wellington. */
const HERE: LngLat = [174.7762, -41.2935];
/** `metres` due north of `from` (a degree of latitude is 111,195 m on the mean sphere). */
const north = (from: LngLat, metres: number): LngLat => [from[0], from[1] + metres / 111_194.93];

type Space = { open(opts?: PresenceOptions): PresenceStore };
type Harness = { kind: 'memory' | 'redis'; space(): Space };

function presenceContract(harness: Harness) {
	let opened: PresenceStore[] = [];
	let clock = Date.now();
	const now = () => clock;
	/** A store on a fresh space whose clock the test moves. */
	const fresh = () => {
		const store = harness.space().open({ now });
		opened.push(store);
		return { store };
	};
	const at = (msAgo = 0) => new Date(clock - msAgo).toISOString();
	const pos = (marshalId: string, position: LngLat, msAgo = 0): MarshalPosition => ({
		marshalId,
		position,
		accuracy: 12,
		at: at(msAgo)
	});

	afterEach(async () => {
		await Promise.all(opened.map((s) => s.close()));
		opened = [];
		clock = Date.now();
	});

	it('keeps the latest position of each marshal, ordered by marshal id', async () => {
		const { store } = fresh();
		expect(store.kind).toBe(harness.kind);
		expect(await store.all('pride')).toEqual([]);
		await store.put('pride', pos('m-b', north(HERE, 10)));
		await store.put('pride', pos('m-a', north(HERE, 20)));
		// Only a position's own fields are kept.
		await store.put('pride', { ...pos('m-c', HERE), secret: 'x' } as MarshalPosition);
		expect(await store.all('pride')).toEqual([
			pos('m-a', north(HERE, 20)),
			pos('m-b', north(HERE, 10)),
			pos('m-c', HERE)
		]);

		clock += 5000;
		await store.put('pride', pos('m-a', north(HERE, 500)));
		// A late packet (older than the one held) does not move the marshal back.
		await store.put('pride', pos('m-a', north(HERE, 999), 3000));
		const all = await store.all('pride');
		expect(all.find((p) => p.marshalId === 'm-a')).toEqual(pos('m-a', north(HERE, 500)));
		expect(all).toHaveLength(3);
	});

	it('removes one marshal, and removing an unknown one is harmless', async () => {
		const { store } = fresh();
		await store.put('pride', pos('m-a', HERE));
		await store.put('pride', pos('m-b', north(HERE, 30)));
		await store.remove('pride', 'm-a');
		await store.remove('pride', 'nobody');
		expect((await store.all('pride')).map((p) => p.marshalId)).toEqual(['m-b']);
		const [only, ...rest] = await store.nearest('pride', HERE, { limit: 5, maxMetres: 1000 });
		expect(rest).toEqual([]);
		expect(only.marshalId).toBe('m-b');
		expect(Math.abs(only.distanceMetres - 30)).toBeLessThan(1);
	});

	it('finds the nearest first, within the limit and the distance, with distances in metres', async () => {
		const { store } = fresh();
		const metres = { far: 60_000, town: 6000, mid: 1500, near: 400, next: 100 };
		for (const [id, m] of Object.entries(metres)) await store.put('pride', pos(id, north(HERE, m)));
		await store.put('pride', pos('east', [HERE[0] + 0.01, HERE[1]]));
		const east = distanceMetres(HERE, [HERE[0] + 0.01, HERE[1]]);

		const three = await store.nearest('pride', HERE, { limit: 3, maxMetres: 10_000 });
		expect(three.map((n) => n.marshalId)).toEqual(['next', 'near', 'east']);
		for (const n of three) {
			const expected = n.marshalId === 'east' ? east : metres[n.marshalId as 'near' | 'next'];
			expect(Math.abs(n.distanceMetres - expected)).toBeLessThan(1);
		}
		const inTown = await store.nearest('pride', HERE, { limit: 10, maxMetres: 10_000 });
		expect(inTown.map((n) => n.marshalId)).toEqual(['next', 'near', 'east', 'mid', 'town']);
		const everywhere = await store.nearest('pride', HERE, { limit: 10, maxMetres: 1e9 });
		expect(everywhere.map((n) => n.marshalId)).toEqual([...inTown.map((n) => n.marshalId), 'far']);
		expect(Math.abs(everywhere[5].distanceMetres - 60_000)).toBeLessThan(5);
		expect(await store.nearest('pride', HERE, { limit: 5, maxMetres: 50 })).toEqual([]);
		expect(await store.nearest('empty', HERE, { limit: 5, maxMetres: 1e6 })).toEqual([]);
	});

	it('drops positions older than the time-to-live, on read and in nearest', async () => {
		const { store } = fresh();
		await store.put('pride', pos('old', HERE, PRESENCE_TTL_MS + 1000));
		await store.put('pride', pos('m-a', HERE, PRESENCE_TTL_MS - 60_000));
		await store.put('pride', pos('m-b', north(HERE, 50)));
		expect((await store.all('pride')).map((p) => p.marshalId)).toEqual(['m-a', 'm-b']);

		clock += 2 * 60_000;
		expect((await store.all('pride')).map((p) => p.marshalId)).toEqual(['m-b']);
		const near = await store.nearest('pride', HERE, { limit: 5, maxMetres: 1000 });
		expect(near.map((n) => n.marshalId)).toEqual(['m-b']);

		clock += PRESENCE_TTL_MS;
		expect(await store.all('pride')).toEqual([]);
		expect(await store.nearest('pride', HERE, { limit: 5, maxMetres: 1000 })).toEqual([]);
		// A fresh report brings the marshal back.
		await store.put('pride', pos('m-a', HERE));
		expect((await store.all('pride')).map((p) => p.marshalId)).toEqual(['m-a']);
	});

	it('keeps events apart', async () => {
		const { store } = fresh();
		await store.put('pride', pos('m-a', HERE));
		await store.put('parade', pos('m-a', north(HERE, 200)));
		await store.put('parade', pos('m-b', north(HERE, 300)));
		await store.remove('pride', 'm-a');
		expect(await store.all('pride')).toEqual([]);
		expect((await store.all('parade')).map((p) => p.marshalId)).toEqual(['m-a', 'm-b']);
		expect(await store.nearest('pride', HERE, { limit: 5, maxMetres: 1e6 })).toEqual([]);
		const parade = await store.nearest('parade', HERE, { limit: 5, maxMetres: 1e6 });
		expect(parade.map((n) => n.marshalId)).toEqual(['m-a', 'm-b']);
	});

	it('refuses latitudes no map can show, and times that are not dates', async () => {
		const { store } = fresh();
		await expect(store.put('pride', pos('m-a', [0, 89]))).rejects.toBeInstanceOf(RangeError);
		await expect(store.put('pride', { ...pos('m-a', HERE), at: 'soon' })).rejects.toBeInstanceOf(
			RangeError
		);
		expect(await store.all('pride')).toEqual([]);
	});

	it('stores a batch as its puts in order would, and none of it when one is bad', async () => {
		const { store } = fresh();
		await store.put('pride', pos('m-held', north(HERE, 5)));
		await store.putMany('pride', [
			pos('m-a', north(HERE, 10), 2000),
			pos('m-b', north(HERE, 20)),
			// Newer than the first m-a: it wins; the late m-held loses to the one held.
			pos('m-a', north(HERE, 30), 1000),
			pos('m-held', north(HERE, 999), 60_000),
			// Older than the time-to-live (30 minutes): skipped.
			pos('m-old', HERE, 31 * 60_000)
		]);
		expect(await store.all('pride')).toEqual([
			pos('m-a', north(HERE, 30), 1000),
			pos('m-b', north(HERE, 20)),
			pos('m-held', north(HERE, 5))
		]);
		const near = await store.nearest('pride', HERE, { limit: 5, maxMetres: 1e6 });
		expect(near.map((n) => n.marshalId)).toEqual(['m-held', 'm-b', 'm-a']);

		await expect(
			store.putMany('pride', [pos('m-c', HERE), pos('m-d', [0, 89])])
		).rejects.toBeInstanceOf(RangeError);
		expect((await store.all('pride')).map((p) => p.marshalId)).toEqual(['m-a', 'm-b', 'm-held']);
		await store.putMany('pride', []);
		expect(await store.all('pride')).toHaveLength(3);
	});
}

describe('memory presence', () => {
	presenceContract({
		kind: 'memory',
		space() {
			return { open: (opts) => openMemoryPresence(opts) };
		}
	});
});

describe('Redis presence', () => {
	const url = inject('redisUrl');
	const prefixes: string[] = [];
	afterAll(async () => {
		for (const prefix of prefixes) await deleteRedisKeys(url, prefix);
	});

	presenceContract({
		kind: 'redis',
		space() {
			const keyPrefix = `test:presence:${randomUUID()}:`;
			prefixes.push(keyPrefix);
			return { open: (opts) => openRedisPresence({ ...opts, url, keyPrefix }) };
		}
	});

	it('shows every process the same positions', async () => {
		const keyPrefix = `test:presence:${randomUUID()}:`;
		prefixes.push(keyPrefix);
		const [a, b] = [0, 1].map(() => openRedisPresence({ url, keyPrefix }));
		try {
			const at = new Date().toISOString();
			await a.put('pride', { marshalId: 'm-a', position: HERE, accuracy: 5, at });
			expect(await b.all('pride')).toEqual(await a.all('pride'));
			expect((await b.all('pride')).map((p) => p.marshalId)).toEqual(['m-a']);
			await b.remove('pride', 'm-a');
			expect(await a.all('pride')).toEqual([]);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('writes only under its prefix and hash tag, with an expiry, and prunes stale entries', async () => {
		const keyPrefix = `test:presence:${randomUUID()}:`;
		prefixes.push(keyPrefix);
		let clock = Date.now();
		const store = openPresence({ redisUrl: url, keyPrefix, now: () => clock });
		const redis = new Redis(url);
		redis.on('error', () => {});
		try {
			expect(store.kind).toBe('redis');
			const at = new Date(clock).toISOString();
			await store.put('pride', { marshalId: 'm-a', position: HERE, accuracy: 5, at });
			const keys = (await redis.keys(`${keyPrefix}*`)).sort();
			expect(keys).toEqual(['geo', 'pos', 'seen'].map((k) => `${keyPrefix}{pride}:presence:${k}`));
			for (const key of keys) {
				const ttl = await redis.pttl(key);
				expect(ttl).toBeGreaterThan(0);
				expect(ttl).toBeLessThanOrEqual(PRESENCE_TTL_MS);
			}
			clock += PRESENCE_TTL_MS + 1;
			expect(await store.all('pride')).toEqual([]);
			// Pruned, not just hidden: nothing of the stale marshal is left.
			expect(await redis.exists(...keys)).toBe(0);
		} finally {
			redis.disconnect();
			await store.close();
		}
	});
});

describe('openPresence', () => {
	it('keeps positions in memory without a Redis URL', async () => {
		const store = openPresence({ keyPrefix: 'unused:' });
		expect(store.kind).toBe('memory');
		await store.close();
	});
});
