/**
 * Two real Haven server processes on one real Redis, with real socket.io clients:
 * the journal reaches every socket whichever process appended it, a reconnect with
 * `since` replays exactly what was missed, a revoked phone is cut off on another
 * process, and a command re-sent to another process is appended once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import { newId } from '$lib/shared/ids';
import { applyAll } from '$lib/shared/reducer';
import { startServerProcess, type ServerProcess } from '../support/processes';
import { batchChain, clientPool, connectRefused, until, within } from './support/clients';
import { joinMarshal, signInOrganiser } from './support/identities';
import { eventsOfCommand, expectOk, readJournal } from './support/journal';
import { deleteRedisKeys, havenEnv, tempDir, testApp, uniqueEventId } from './support/servers';

/** "Within a couple of seconds": generous enough for a loaded CI machine. */
const DELIVERY_MS = 3000;

const redisUrl = inject('redisUrl');
const keyPrefix = `test:processes:${randomUUID()}:`;
const eventId = uniqueEventId('processes');
const dir = tempDir('processes');
const env = havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } });

let app: AppContainer;
let a: ServerProcess;
let b: ServerProcess;
const clients = clientPool();

beforeAll(async () => {
	// Seeds the demo before the processes start (they would seed it too: it is idempotent).
	app = await testApp(env);
	[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterEach(() => clients.closeAll());

afterAll(async () => {
	clients.closeAll();
	await Promise.all([a?.stop(), b?.stop()]);
	await app?.close();
	await deleteRedisKeys(redisUrl, keyPrefix);
	dir.remove();
});

/** The journal as the store holds it, folded by this test's own app container. */
async function serverStateAt(seq: number) {
	const runtime = await app.runtime(eventId);
	await runtime.waitFor(seq);
	return runtime.state;
}

describe('two server processes on one Redis', () => {
	it('delivers events appended on one process to sockets on the other', async () => {
		const organiser = await signInOrganiser(app, eventId);
		const marshal = await joinMarshal(app, eventId, 'marshal-aroha');
		const control = await clients.connect(a.url, organiser.auth(), { eventId });
		const phone = await clients.connect(b.url, marshal.auth(), { eventId });

		const started = expectOk(
			await phone.command('marshal:start-shift', { commandId: newId() }),
			'starting a shift on B'
		);
		const shift = await control.waitForEvent(
			(e) => e.seq === started.seq,
			'the shift started on B to reach the organiser on A',
			DELIVERY_MS
		);
		expect(shift).toMatchObject({
			type: 'marshal:shift-started',
			data: { marshalId: 'marshal-aroha' }
		});

		const status = {
			commandId: newId(),
			zoneId: 'zone-cuba-quiet-space',
			status: 'full',
			verified: false
		};
		const set = expectOk(await control.command('zone:set-status', status), 'setting a zone on A');
		const seen = await phone.waitForEvent(
			(e) => e.seq === set.seq,
			'the zone status set on A to reach the marshal on B',
			DELIVERY_MS
		);
		expect(seen).toMatchObject({
			type: 'zone:status-set',
			data: { zoneId: 'zone-cuba-quiet-space', status: 'full', verified: false }
		});
	});

	it('replays exactly the missed events, in order, to a client reconnecting with since', async () => {
		const organiser = await signInOrganiser(app, eventId);
		const first = await clients.connect(a.url, organiser.auth(0), { eventId });
		const head = await app.store.head(eventId);
		await until(() => first.state.seq === head, `the organiser on A to hold seq ${head}`);
		const held = first.state;
		first.close();
		await within(first.disconnected, 'the organiser to disconnect');

		// 100 commands through B. A session may send 30 commands per 10 s, so four
		// organiser sessions share the work, one command at a time.
		const senders = await Promise.all(
			[0, 1, 2, 3].map(async () =>
				clients.connect(b.url, (await signInOrganiser(app, eventId)).auth(), { eventId })
			)
		);
		const zoneIds = Object.keys(held.zones);
		const commandIds: string[] = [];
		const seqs: number[] = [];
		for (let i = 0; i < 100; i++) {
			const commandId = newId();
			const ack = await senders[i % senders.length].command('zone:set-status', {
				commandId,
				zoneId: zoneIds[i % zoneIds.length],
				status: i % 2 === 0 ? 'closed' : 'open',
				verified: i % 3 === 0
			});
			commandIds.push(commandId);
			seqs.push(expectOk(ack, `command ${i} on B`).seq);
		}
		const expectedSeqs = Array.from({ length: 100 }, (_, i) => held.seq + 1 + i);
		expect(seqs).toEqual(expectedSeqs);

		const back = await clients.connect(a.url, organiser.auth(held.seq), { eventId });
		await until(() => back.events.length >= 100, 'the 100 missed events on A', 10_000);
		// A barrier: delivery is in order, so once this arrives any duplicate would have too.
		const barrier = expectOk(
			await senders[0].command('zone:set-status', {
				commandId: newId(),
				zoneId: zoneIds[0],
				status: 'open',
				verified: true
			}),
			'the barrier command'
		);
		await back.waitForEvent((e) => e.seq === barrier.seq, 'the barrier event on A');

		const replayed = back.events.slice(0, -1);
		expect(back.events.at(-1)?.seq).toBe(barrier.seq);
		expect(replayed).toHaveLength(100);
		expect(replayed.map((e) => e.seq)).toEqual(expectedSeqs);
		expect(replayed.map((e) => e.id)).toEqual(commandIds);
		expect(new Set(replayed.map((e) => e.seq)).size).toBe(100);
		expect(back.received[0]).toMatchObject({ kind: 'batch', batch: { prev: held.seq } });
		expect(batchChain(back.received, held.seq)).toBeNull();

		// The browser's fold of what it held plus the replay is the server's state.
		const folded = applyAll(held, back.events);
		const server = await serverStateAt(barrier.seq);
		expect(folded.seq).toBe(server.seq);
		expect(folded.zones).toEqual(server.zones);
		expect(folded).toEqual(server);
	});

	it('disconnects a phone revoked on the other process and refuses it afterwards', async () => {
		const organiser = await signInOrganiser(app, eventId);
		const marshal = await joinMarshal(app, eventId, 'marshal-priya');
		const control = await clients.connect(a.url, organiser.auth(), { eventId });
		const phone = await clients.connect(b.url, marshal.auth(), { eventId });
		// Another marshal's phone on the same process, which must stay connected.
		const bystander = await clients.connect(
			b.url,
			(await joinMarshal(app, eventId, 'marshal-tama')).auth(),
			{ eventId }
		);

		const revoked = expectOk(
			await control.command('device:revoke', { commandId: newId(), deviceId: marshal.sessionId }),
			'revoking the phone on A'
		);
		const reason = await within(phone.disconnected, 'the revoked phone on B to be disconnected');
		expect(reason).toBe('io server disconnect');
		expect(phone.revoked.length).toBeGreaterThan(0);
		expect(phone.revoked[0].reason).toEqual(expect.any(String));

		expect(bystander.socket.connected).toBe(true);
		expect(bystander.revoked).toEqual([]);
		const later = expectOk(
			await control.command('zone:set-status', {
				commandId: newId(),
				zoneId: 'zone-embassy-first-aid',
				status: 'full',
				verified: false
			}),
			'a zone change after the revocation'
		);
		await bystander.waitForEvent((e) => e.seq === later.seq, 'the bystander to keep receiving');
		expect(later.seq).toBeGreaterThan(revoked.seq);

		// A fresh ticket for the revoked session opens nothing, on either process.
		for (const url of [b.url, a.url]) {
			expect(['revoked', 'unauthorised']).toContain(await connectRefused(url, marshal.auth()));
		}
	});

	it('appends a command sent to both processes once and acks both with its seq', async () => {
		const organiser = await signInOrganiser(app, eventId);
		const onA = await clients.connect(a.url, organiser.auth(), { eventId });
		const onB = await clients.connect(b.url, organiser.auth(), { eventId });
		const status = (status: string) => ({
			commandId: newId(),
			zoneId: 'zone-kowhai-room',
			status,
			verified: true
		});

		// One after the other: the re-send is answered from the first result.
		const resent = status('full');
		const first = expectOk(await onA.command('zone:set-status', resent), 'the first send on A');
		const second = await onB.command('zone:set-status', resent);
		expect(second).toEqual(first);
		expect(await app.store.head(eventId)).toBe(first.seq);

		// At the same moment: both processes decide, the store keeps one.
		const raced = status('closed');
		const [x, y] = await Promise.all([
			onA.command('zone:set-status', raced),
			onB.command('zone:set-status', raced)
		]);
		expect(expectOk(x, 'the raced send on A')).toEqual(expectOk(y, 'the raced send on B'));
		expect(await app.store.head(eventId)).toBe(x.ok && x.seq);

		const journal = await readJournal(app.store, eventId);
		expect(eventsOfCommand(journal, resent.commandId).map((e) => e.seq)).toEqual([first.seq]);
		expect(eventsOfCommand(journal, raced.commandId).map((e) => e.seq)).toEqual([
			x.ok ? x.seq : -1
		]);
		// Both clients see each event once.
		for (const c of [onA, onB]) {
			await c.waitForEvent((e) => e.id === raced.commandId, 'the raced event');
			expect(c.events.filter((e) => e.id === resent.commandId)).toHaveLength(1);
			expect(c.events.filter((e) => e.id === raced.commandId)).toHaveLength(1);
		}
	});
});
