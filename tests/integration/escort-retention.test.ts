/**
 * Retention of escort positions end to end, with a retention period of two seconds: a
 * request is made on one server, offered, accepted and closed on another; afterwards the
 * store itself (the Redis stream and key hash, the SQLite file's bytes) yields the positions
 * in no form a remaining key opens, the deletion is journaled once, and a process started
 * afterwards, the control room and the marshal's phone all show the positions deleted.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { sealContext, unseal } from '$lib/server/store/escort-seal';
import { makeKeys } from '$lib/server/store/redis/keys';
import type { EscortKey } from '$lib/server/store/types';
import type { LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import { viewState } from '$lib/shared/views';
import { sqliteBytes } from './support/sqlite-file';
import { clientPool, until } from './support/clients';
import { joinMarshal, publicVisitor, signInOrganiser } from './support/identities';
import { expectOk, readJournal } from './support/journal';
import {
	deleteRedisKeys,
	havenEnv,
	startInProcessServer,
	tempDir,
	uniqueEventId,
	testApp,
	type Env,
	type InProcessServer
} from './support/servers';

const PICKUP: LngLat = [174.7763917, -41.2934261];
const DEST: LngLat = [174.7704183, -41.2971529];
const WORDS = 'Orange raincoat, by the fountain';
const GOING = 'Home to Holloway Road';
const PLAIN = [
	String(PICKUP[0]),
	String(PICKUP[1]),
	String(DEST[0]),
	String(DEST[1]),
	WORDS,
	GOING
];
const RETENTION_S = 2;
/** Retention, a sweep interval and delivery, generously on a loaded two-core machine. */
const DELETED_MS = 15_000;

const clients = clientPool();
const servers: InProcessServer[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
	clients.closeAll();
	await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
	for (const d of dirs) d.remove();
});

/** Two servers on one store; a walk requested on A, offered, accepted, arrived on B. */
async function walkAndClose(env: Env, eventId: string) {
	const a = await startInProcessServer(env);
	servers.push(a);
	const b = await startInProcessServer(env);
	servers.push(b);
	const organiser = await signInOrganiser(a.app, eventId);
	const marshal = await joinMarshal(a.app, eventId, 'marshal-aroha');
	const control = await clients.connect(b.url, organiser.auth(), { eventId });
	const phone = await clients.connect(b.url, marshal.auth(), { eventId });
	const visitor = await clients.connect(a.url, publicVisitor(a.app, eventId).auth(), { eventId });
	const send = async (client: typeof control, name: string, payload: object) =>
		expectOk(await client.command(name, { commandId: newId(), ...payload }), name);

	await send(phone, 'marshal:start-shift', {});
	const escortId = newId();
	await send(visitor, 'escort:request', {
		escortId,
		position: PICKUP,
		destination: GOING,
		destinationPosition: DEST,
		description: WORDS
	});
	// B learns of an append on A through the store: wait for it, as an organiser would.
	await until(() => control.state.escorts[escortId], 'the request in the control room');
	await send(control, 'escort:offer', { escortId, marshalIds: ['marshal-aroha'] });
	await until(() => phone.state.escorts[escortId]?.pickup, 'the offer on the phone');
	expect(phone.state.escorts[escortId]).toMatchObject({ pickup: PICKUP, description: WORDS });
	expect(control.state.escorts[escortId]).toMatchObject({ pickup: PICKUP, destination: GOING });
	const key = (await a.app.store.findEscortKeys(eventId, [escortId])).get(escortId);
	expect(key, 'a key kept while the escort is open').toBeDefined();
	await send(phone, 'escort:accept', { escortId });
	await send(phone, 'escort:arrived', { escortId });
	const closedAt = Date.now();

	const deletion = await control.waitForEvent(
		(e) => e.type === 'escort:positions-deleted' && e.data.escortId === escortId,
		'the deletion reaching the control room',
		DELETED_MS
	);
	expect(Date.parse(deletion.at)).toBeGreaterThanOrEqual(closedAt + RETENTION_S * 1000 - 50);
	await phone.waitForEvent(
		(e) => e.type === 'escort:positions-deleted',
		'the deletion reaching the marshal who walked',
		DELETED_MS
	);
	// The journal's copies on every socket's side are dropped by the fold.
	for (const client of [control, phone]) {
		expect(client.state.escorts[escortId]).toMatchObject({
			pickup: null,
			state: 'arrived',
			marshalId: 'marshal-aroha',
			positionsDeletedAt: deletion.at
		});
		for (const s of PLAIN) expect(JSON.stringify(client.state)).not.toContain(s);
	}
	// Both servers' caches (state and recent events) forgot them too.
	for (const server of [a, b]) {
		const runtime = await server.app.runtime(eventId);
		await runtime.waitFor(deletion.seq);
		const cached = JSON.stringify([runtime.state, runtime.eventsAfter(0)]);
		for (const s of PLAIN) expect(cached).not.toContain(s);
	}
	expect(await a.app.store.findEscortKeys(eventId, [escortId])).toEqual(new Map());
	return { escortId, key: key as EscortKey, deletion };
}

/** A process started now: its rebuilt record and the organiser's view of it. */
async function freshProcessSees(env: Env, eventId: string, escortId: string, seq: number) {
	const app = await testApp(env);
	try {
		const runtime = await app.runtime(eventId);
		await runtime.waitFor(seq);
		const journal = await readJournal(app.store, eventId);
		expect(journal.filter((e) => e.type === 'escort:positions-deleted')).toHaveLength(1);
		expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
		const request = journal.find((e) => e.type === 'escort:requested');
		expect(request?.data).toMatchObject({ escortId, pickup: null });
		const organiserView = viewState({ role: 'organiser' }, runtime.state).escorts[escortId];
		expect(organiserView).toMatchObject({ pickup: null, state: 'arrived' });
		expect(organiserView.positionsDeletedAt).toEqual(expect.any(String));
		for (const s of PLAIN) expect(JSON.stringify([journal, runtime.state])).not.toContain(s);
	} finally {
		await app.close();
	}
}

describe('on Redis, two servers', () => {
	const redisUrl = inject('redisUrl');
	const keyPrefix = `test:retention:${randomUUID()}:`;
	const eventId = uniqueEventId('retention');
	const dir = tempDir('retention-redis');
	dirs.push(dir);
	const env = {
		...havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } }),
		HAVEN_ESCORT_RETENTION_SECONDS: String(RETENTION_S)
	};
	afterAll(() => deleteRedisKeys(redisUrl, keyPrefix));

	it('leaves nothing any key opens, journals the deletion once, and every view shows it', async () => {
		const { escortId, key, deletion } = await walkAndClose(env, eventId);
		const redis = new Redis(redisUrl);
		redis.on('error', () => {});
		try {
			const keys = makeKeys(keyPrefix);
			const raw = (await redis.xrange(keys.journal(eventId), '-', '+')).map(([, f]) => f.join(' '));
			const text = raw.join('\n');
			for (const s of PLAIN) expect(text).not.toContain(s);
			const sealedValues = [...text.matchAll(/"sealed":"([^"]+)"/g)].map((m) => m[1]);
			expect(sealedValues.length).toBeGreaterThanOrEqual(2);
			// The escort's own key would still open them; it is gone, and no other key does.
			expect(await redis.hget(keys.escortKeys(eventId), escortId)).toBeNull();
			const others = Object.values(await redis.hgetall(keys.escortKeys(eventId))).map((v) =>
				Buffer.from((JSON.parse(v) as { k: string }).k, 'base64')
			);
			for (const sealed of sealedValues) {
				for (const type of ['escort:requested', 'escort:offered']) {
					const context = sealContext(eventId, escortId, type);
					for (const k of others) expect(unseal(k, context, sealed)).toBeNull();
				}
			}
			// Proof the check above could fail: the deleted key opened one of them.
			const opened = sealedValues.flatMap((s) =>
				['escort:requested', 'escort:offered'].map((t) =>
					unseal(key.key, sealContext(eventId, escortId, t), s)
				)
			);
			expect(opened.some((f) => f?.description === WORDS)).toBe(true);
			expect(text.match(/escort:positions-deleted/g)).toHaveLength(1);
		} finally {
			redis.disconnect();
		}
		await freshProcessSees(env, eventId, escortId, deletion.seq);
	});
});

describe('on SQLite, two app instances on one file', () => {
	const eventId = uniqueEventId('retention');
	const dir = tempDir('retention-sqlite');
	dirs.push(dir);
	const env = {
		...havenEnv({ eventId, dataDir: dir.path }),
		HAVEN_ESCORT_RETENTION_SECONDS: String(RETENTION_S)
	};

	it('keeps neither the coordinates nor the key in the file, and a restart sees them deleted', async () => {
		const { escortId, key, deletion } = await walkAndClose(env, eventId);
		const bytes = sqliteBytes(dir.path);
		const text = bytes.toString('latin1');
		for (const s of PLAIN) expect(text).not.toContain(s);
		expect(bytes.indexOf(key.key)).toBe(-1);
		expect(text).toContain('escort:positions-deleted');
		await freshProcessSees(env, eventId, escortId, deletion.seq);
	});
});
