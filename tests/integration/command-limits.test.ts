/**
 * The per-session command budget (30 in 10 s, COMMAND_LIMITS) as a phone meets it: real
 * Socket.IO servers on one real Redis, real clients. Decision 14: the budget answers from the
 * process's own count, and the shared count in Redis holds it across processes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Ack } from '$lib/shared/protocol';
import { COMMAND_LIMITS } from '$lib/server/security/rate-limits';
import { clientPool, type TestClient } from './support/clients';
import { joinMarshal } from './support/identities';
import {
	deleteRedisKeys,
	havenEnv,
	startInProcessServer,
	tempDir,
	uniqueEventId,
	type InProcessServer
} from './support/servers';

const redisUrl = inject('redisUrl');
const keyPrefix = `test:command-limits:${randomUUID()}:`;
const eventId = uniqueEventId('limits');
const dirs = [tempDir('limits-a'), tempDir('limits-b')];
const clients = clientPool();
let a: InProcessServer;
let b: InProcessServer;
const BUDGET = COMMAND_LIMITS.perSession.points;

beforeAll(async () => {
	// Two deployments' worth of realtime layers on one Redis and key prefix: two "processes".
	[a, b] = await Promise.all(
		dirs.map((d) =>
			startInProcessServer(
				havenEnv({ eventId, dataDir: d.path, redis: { url: redisUrl, keyPrefix } })
			)
		)
	);
});

afterEach(() => clients.closeAll());

afterAll(async () => {
	clients.closeAll();
	await Promise.all([a?.close(), b?.close()]);
	await deleteRedisKeys(redisUrl, keyPrefix);
	for (const d of dirs) d.remove();
});

/** A report with nothing in it: refused as invalid, so it reaches the limit and changes nothing. */
const empty = (client: TestClient) => client.command('incident:report', {});
const limited = (acks: Ack[]) => acks.filter((x) => !x.ok && x.code === 'rate-limited').length;

describe('the per-session command budget', () => {
	it('cuts a burst from one phone at exactly the budget, and the journal does not move', async () => {
		const marshal = await joinMarshal(a.app, eventId, 'marshal-aroha');
		const phone = await clients.connect(a.url, marshal.auth(), { eventId });
		const head = await a.app.store.head(eventId);

		const acks = await Promise.all(Array.from({ length: BUDGET + 10 }, () => empty(phone)));

		expect(acks.filter((x) => !x.ok && x.code === 'invalid')).toHaveLength(BUDGET);
		expect(limited(acks)).toBe(10);
		expect(acks.find((x) => !x.ok && x.code === 'rate-limited')).toMatchObject({
			message: 'Too many requests; slow down.'
		});
		expect(await a.app.store.head(eventId)).toBe(head);
	});

	it('holds one budget for a session with a socket on each process', async () => {
		const marshal = await joinMarshal(a.app, eventId, 'marshal-farida');
		const onA = await clients.connect(a.url, marshal.auth(), { eventId });
		const onB = await clients.connect(b.url, marshal.auth(), { eventId });
		// One command at a time, as a phone whose outbox waits for each answer, with a pause
		// long enough for each take's background charge to Redis to have been answered.
		const oneByOne = async (phone: TestClient, n: number) => {
			const acks: Ack[] = [];
			for (let i = 0; i < n; i++) {
				acks.push(await empty(phone));
				await new Promise((r) => setTimeout(r, 50));
			}
			return acks;
		};

		const first = await oneByOne(onA, 20);
		const second = await oneByOne(onB, 20);
		const third = await oneByOne(onA, 5);
		const allowed =
			[...first, ...second, ...third].length - limited([...first, ...second, ...third]);

		expect(limited(first)).toBe(0);
		// Each process may let one more through while its charge to the shared count is in
		// flight (decision 14); without the shared count, B alone would allow all 20 and A 25.
		expect(allowed).toBeGreaterThanOrEqual(BUDGET);
		expect(allowed).toBeLessThanOrEqual(BUDGET + 2);
		expect(limited(await oneByOne(onA, 3))).toBe(3);
		expect(limited(await oneByOne(onB, 3))).toBe(3);
	});
});
