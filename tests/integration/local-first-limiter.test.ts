/**
 * The command path's rate limiter (decision 14): this process's count answers at once, the
 * shared count in a real Redis is charged behind it and refuses keys over budget across
 * processes. Two limiter instances on their own Redis connections stand for two processes.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import { createLocalFirstLimiter } from '$lib/server/security/local-first-limiter';

const url = inject('redisUrl');
const clients: Redis[] = [];
const prefix = `test:lfl:${newId()}:`;

function client() {
	const c = new Redis(url);
	c.on('error', () => {});
	clients.push(c);
	return c;
}

/**
 * Replies come in order on one connection, so once PING is answered every charge sent before
 * it has been too; a turn of the event loop lets the limiter's own promise chain finish.
 */
async function settled(c: Redis) {
	await c.ping();
	await new Promise((r) => setImmediate(r));
}

async function takes(limiter: { take(k: string): Promise<boolean> }, key: string, n: number) {
	const out: boolean[] = [];
	for (let i = 0; i < n; i++) out.push(await limiter.take(key));
	return out;
}

afterAll(async () => {
	const admin = client();
	const keys = await admin.keys(`${prefix}*`);
	if (keys.length > 0) await admin.del(...keys);
	await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
});

describe('local-first command limiter', () => {
	it('embedded: allows the budget, refuses the next, and a refund gives one back', async () => {
		const limiter = createLocalFirstLimiter('embedded', { points: 3, durationSeconds: 60 });
		expect(await takes(limiter, 'phone', 3)).toEqual([true, true, true]);
		await limiter.refund('phone');
		expect(await takes(limiter, 'phone', 2)).toEqual([true, false]);
		// Another key has its own budget.
		expect(await limiter.take('other')).toBe(true);
	});

	it('cuts a burst from one socket at exactly the budget, before Redis has answered', async () => {
		const redis = client();
		const limiter = createLocalFirstLimiter(
			'burst',
			{ points: 5, durationSeconds: 60 },
			redis,
			prefix
		);
		const answers = await Promise.all(Array.from({ length: 40 }, () => limiter.take('phone')));
		expect(answers.filter(Boolean)).toHaveLength(5);
		await settled(redis);
		// Every allowed take was charged to the shared count, none of the refused ones.
		const shared = await redis.get(`${prefix}rl:burst:phone`);
		expect(Number(shared)).toBe(5);
	});

	it('shares one budget across processes, late by at most one take per process', async () => {
		const [redisA, redisB] = [client(), client()];
		const rule = { points: 6, durationSeconds: 60 };
		const a = createLocalFirstLimiter('ip', rule, redisA, prefix);
		const b = createLocalFirstLimiter('ip', rule, redisB, prefix);
		const venue = '203.0.113.9';
		const step = async (limiter: typeof a, redis: Redis) => {
			const allowed = await limiter.take(venue);
			await settled(redis);
			return allowed;
		};

		for (let i = 0; i < 3; i++) expect(await step(a, redisA)).toBe(true);
		for (let i = 0; i < 3; i++) expect(await step(b, redisB)).toBe(true);
		// The shared count is at the budget. Each process's own count is not, so each lets one
		// more through; the shared answer to that take blocks the venue on that process.
		expect(await step(b, redisB)).toBe(true);
		expect(await step(b, redisB)).toBe(false);
		expect(await step(a, redisA)).toBe(true);
		expect(await step(a, redisA)).toBe(false);
		// Blocked for the rest of the shared window, however many times it is asked.
		expect(await takes(a, venue, 5)).toEqual([false, false, false, false, false]);
		expect(await takes(b, venue, 5)).toEqual([false, false, false, false, false]);
		// Refusals were not charged: the shared count holds the 8 allowed takes.
		expect(Number(await redisA.get(`${prefix}rl:ip:${venue}`))).toBe(8);
	});

	it('lets a key in again once the shared window has passed', async () => {
		const [redisA, redisB] = [client(), client()];
		const rule = { points: 2, durationSeconds: 1 };
		const a = createLocalFirstLimiter('window', rule, redisA, prefix);
		const b = createLocalFirstLimiter('window', rule, redisB, prefix);
		expect(await takes(a, 'tab', 2)).toEqual([true, true]);
		await settled(redisA);
		expect(await b.take('tab')).toBe(true);
		await settled(redisB);
		expect(await b.take('tab')).toBe(false);
		await new Promise((r) => setTimeout(r, 1_200));
		expect(await b.take('tab')).toBe(true);
	});

	it('a refund reaches the shared count too', async () => {
		const redis = client();
		const limiter = createLocalFirstLimiter(
			'refund',
			{ points: 4, durationSeconds: 60 },
			redis,
			prefix
		);
		expect(await takes(limiter, 'phone', 3)).toEqual([true, true, true]);
		await limiter.refund('phone');
		await settled(redis);
		expect(Number(await redis.get(`${prefix}rl:refund:phone`))).toBe(2);
	});

	it('keeps limiting on its own count when Redis is unreachable, and never throws', async () => {
		const gone = new Redis('redis://127.0.0.1:1', {
			lazyConnect: true,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 0,
			retryStrategy: () => null
		});
		gone.on('error', () => {});
		clients.push(gone);
		const limiter = createLocalFirstLimiter(
			'down',
			{ points: 3, durationSeconds: 60 },
			gone,
			prefix
		);
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			expect(await takes(limiter, 'phone', 2)).toEqual([true, true]);
			await limiter.refund('phone');
			expect(await takes(limiter, 'phone', 4)).toEqual([true, true, false, false]);
			await new Promise((r) => setTimeout(r, 50));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});
});
