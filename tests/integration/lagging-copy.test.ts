/**
 * Two app containers on one real Redis stand for two processes. Each folds the journal from
 * its own tail of the Redis stream, so right after one appends, the other's copy may not hold
 * the change yet: an escort request already on the control room's screen through one process,
 * offered through the other, must not be refused as "not found". The command service checks
 * the store's head before it refuses. To make B's lag certain rather than a race, the test
 * interrupts B's tail (CLIENT UNBLOCK ... ERROR on its blocking connection): the tail backs
 * off for 200 ms before it reads again, losslessly, from its cursor.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import type { CommandActor } from '$lib/server/services/decisions';
import { newId } from '$lib/shared/ids';
import { expectOk } from './support/journal';
import { deleteRedisKeys, havenEnv, tempDir, testApp, uniqueEventId } from './support/servers';

const redisUrl = inject('redisUrl');
const keyPrefix = `test:lagging:${randomUUID()}:`;
const eventId = uniqueEventId('lagging');
const dirs = [tempDir('lagging-a'), tempDir('lagging-b')];
const admin = new Redis(redisUrl);
admin.on('error', () => {});
let a: AppContainer;
let b: AppContainer;
/** Client ids of B's tail connection (other test files' tails share this Redis). */
let bTails: string[] = [];
const organiser: CommandActor = {
	role: 'organiser',
	sessionId: 'lagging-test',
	subjectId: null,
	eventId
};

/** `CLIENT LIST` as (id, name, cmd) rows. */
async function clientsOnRedis() {
	const list = (await admin.client('LIST')) as string;
	return list
		.trim()
		.split('\n')
		.map((line) => Object.fromEntries(line.split(' ').map((kv) => kv.split('='))))
		.map((c) => ({ id: c.id as string, name: c.name as string, cmd: c.cmd as string }));
}

const open = async (dir: { path: string }) => {
	const app = await testApp(
		havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } })
	);
	await (
		await app.runtime(eventId)
	).ready;
	return app;
};

beforeAll(async () => {
	a = await open(dirs[0]);
	const before = new Set((await clientsOnRedis()).map((c) => c.id));
	b = await open(dirs[1]);
	bTails = (await clientsOnRedis())
		.filter((c) => c.name === 'haven-tail' && !before.has(c.id))
		.map((c) => c.id);
});

afterAll(async () => {
	await Promise.all([a?.close(), b?.close()]);
	await deleteRedisKeys(redisUrl, keyPrefix);
	admin.disconnect();
	for (const d of dirs) d.remove();
});

/** Waits for B's tail to be blocked in XREAD, then breaks it off: B stops folding for 200 ms. */
async function interruptB() {
	const deadline = Date.now() + 5000;
	for (;;) {
		const mine = (await clientsOnRedis()).filter((c) => bTails.includes(c.id));
		if (mine.length > 0 && mine.every((c) => c.cmd === 'xread')) break;
		if (Date.now() > deadline) throw new Error("timed out waiting for B's tail to block in XREAD");
		await new Promise((r) => setTimeout(r, 10));
	}
	for (const id of bTails) await admin.client('UNBLOCK', id, 'ERROR');
}

describe('a command decided on a copy of the journal that lags behind', () => {
	it('has a tail of its own for B to interrupt', () => {
		expect(bTails).toHaveLength(1);
	});

	it('is decided again on the journal as it stands before it is refused', async () => {
		for (let i = 0; i < 3; i++) {
			await interruptB();
			const advisoryId = newId();
			const posted = expectOk(
				await a.execute(organiser, 'advisory:post', {
					commandId: newId(),
					advisoryId,
					audience: 'marshals',
					sectorId: null,
					text: `Water at the Cuba Street first aid tent, round ${i}`,
					expiresInMinutes: 30
				}),
				`posting advisory ${i} through A`
			);
			expect((await b.runtime(eventId)).head).toBeLessThan(posted.seq);
			expectOk(
				await b.execute(organiser, 'advisory:withdraw', { commandId: newId(), advisoryId }),
				`withdrawing advisory ${i} through B`
			);
		}
	});

	it('still refuses what the journal does not hold, once caught up', async () => {
		const before = await b.store.head(eventId);
		expect(
			await b.execute(organiser, 'advisory:withdraw', { commandId: newId(), advisoryId: newId() })
		).toMatchObject({ ok: false, code: 'not-found' });
		expect(await b.store.head(eventId)).toBe(before);
	});
});
