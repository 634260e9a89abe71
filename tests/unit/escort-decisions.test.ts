/**
 * "Walk with me" through the real CommandService on a real SQLite store, with marshals'
 * positions in the real (memory) presence store: who is asked, first accept wins, the
 * sweeper's timeout and widening (recorded once), walking, arrival, cancelling, and what
 * the visitor and each marshal may see. Every refusal is typed and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { EscortSweeper } from '$lib/server/services/escort-sweeper';
import { newId } from '$lib/shared/ids';
import type { LngLat } from '$lib/shared/geo';
import { publicEscortView, viewState } from '$lib/shared/views';
import { CUBA, EVENT_ID, startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;
let sione: CommandActor;
let jordan: CommandActor;

const visitor = (n: string): CommandActor => ({
	role: 'public',
	sessionId: `pub-${n.padEnd(32, '0')}`,
	subjectId: null,
	eventId: EVENT_ID
});
const near = (metresNorth: number): LngLat => [CUBA[0], CUBA[1] + metresNorth / 111_195];

async function place(marshalId: string, at: LngLat) {
	await t.app.presence.put(EVENT_ID, {
		marshalId,
		position: at,
		accuracy: 5,
		at: new Date().toISOString()
	});
}

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
	sione = await t.marshal('marshal-sione');
	jordan = await t.marshal('marshal-jordan');
	await place('marshal-aroha', near(100));
	await place('marshal-sione', near(600));
	await place('marshal-jordan', near(1500));
});
afterAll(() => t?.close());

const escort = async (id: string) => (await t.state()).escorts[id];

async function request(by: CommandActor, extra: object = {}) {
	const escortId = newId();
	const { events, ack } = await t.must(by, 'escort:request', {
		escortId,
		position: CUBA,
		destination: 'Home on Aro Street',
		description: 'Blue jacket, by the bus shelter',
		...extra
	});
	return { escortId, events, ack };
}

/** Times out every waiting escort as the server's sweeper does, `seconds` from now. */
async function sweepIn(seconds: number) {
	const runtime = await t.app.runtime(EVENT_ID);
	const later = () => new Date(Date.now() + seconds * 1000);
	const sweeper = (n: number) =>
		new EscortSweeper({
			runtime,
			store: t.app.store,
			positions: () => t.app.presence.all(EVENT_ID),
			acceptSeconds: t.app.config.escortAcceptSeconds,
			now: later,
			intervalMs: 1000 + n
		});
	// Two processes' sweepers seeing the same deadline: one record.
	const n = (await Promise.all([sweeper(0).sweep(), sweeper(1).sweep()])).reduce((a, b) => a + b);
	await runtime.waitFor(await t.head());
	return n;
}

describe('escort:request', () => {
	it('records the request with a code word and offers it to the two nearest free marshals', async () => {
		const v = visitor('a');
		const { escortId, events } = await request(v);
		expect(events.map((e) => e.type)).toEqual(['escort:requested', 'escort:offered']);
		const [req, offer] = events;
		expect(req.actor).toEqual({ role: 'public' });
		expect(req.data).toMatchObject({ escortId, deviceId: v.sessionId, pickup: CUBA });
		expect((req.data as { codeWord: string }).codeWord).toMatch(/^[a-z]+ [a-z]+$/);
		expect(offer.data).toMatchObject({
			escortId,
			round: 0,
			marshalIds: ['marshal-aroha', 'marshal-sione']
		});
		const e = await escort(escortId);
		expect(e.state).toBe('requested');
		expect(e.offeredTo).toEqual(['marshal-aroha', 'marshal-sione']);
		await t.must(v, 'escort:cancel', { escortId });
	});

	it('is idempotent by command id and refuses a second open request from the same device', async () => {
		const v = visitor('b');
		const commandId = newId();
		const escortId = newId();
		const payload = { commandId, escortId, position: CUBA };
		const first = await t.send(v, 'escort:request', payload);
		const again = await t.send(v, 'escort:request', payload);
		expect(again).toEqual(first);
		await t.refused('conflict', v, 'escort:request', { escortId: newId(), position: CUBA });
		await t.must(v, 'escort:cancel', { escortId });
	});

	it('refuses bad input with a typed error and changes nothing', async () => {
		const v = visitor('c');
		const bad = [
			{ escortId: newId() },
			{ escortId: newId(), position: CUBA, description: 'x'.repeat(301) },
			{ escortId: newId(), position: CUBA, destination: 'x'.repeat(201) },
			{ escortId: newId(), position: [200, 0] },
			{ escortId: 'not an id!', position: CUBA },
			{ escortId: newId(), position: CUBA, deviceId: 'someone-else' }
		];
		for (const payload of bad) {
			const head = await t.head();
			const ack = await t.send(v, 'escort:request', payload);
			expect(ack).toMatchObject({ ok: false, code: 'invalid' });
			expect(await t.head()).toBe(head);
		}
		await t.refused('forbidden', aroha, 'escort:request', { escortId: newId(), position: CUBA });
	});
});

describe('accepting, walking, arriving', () => {
	it('first accept wins; the second gets a typed refusal; both see the same code word', async () => {
		const v = visitor('d');
		const { escortId } = await request(v);
		const before = await escort(escortId);
		await t.must(aroha, 'escort:accept', { escortId });
		await t.refused('conflict', sione, 'escort:accept', { escortId });
		// Not offered to Jordan at all.
		await t.refused('not-found', jordan, 'escort:accept', { escortId });

		const state = await t.state();
		const mine = viewState({ role: 'marshal', marshalId: 'marshal-aroha' }, state).escorts[
			escortId
		];
		const theirs = viewState({ role: 'marshal', marshalId: 'marshal-sione' }, state).escorts[
			escortId
		];
		const seen = publicEscortView(state, v.sessionId, 'under-250', new Date());
		expect(mine.codeWord).toBe(before.codeWord);
		expect(seen?.codeWord).toBe(before.codeWord);
		expect(theirs.codeWord).toBeUndefined();
		expect(mine.deviceId).toBeUndefined();
		expect(seen).toMatchObject({ state: 'accepted', marshalName: 'Aroha W.', band: 'under-250' });
		expect(state.marshals['marshal-aroha'].status).toBe('on-job');
		// Another visitor sees nothing of it.
		expect(publicEscortView(state, visitor('z').sessionId, null, new Date())).toBeNull();

		await t.refused('conflict', sione, 'escort:walking', { escortId });
		await t.must(aroha, 'escort:walking', { escortId });
		await t.must(aroha, 'escort:arrived', { escortId });
		const closed = await escort(escortId);
		expect(closed.state).toBe('arrived');
		expect(closed.closedAt).not.toBeNull();
		expect((await t.state()).marshals['marshal-aroha'].status).toBe('available');
		await t.refused('conflict', aroha, 'escort:arrived', { escortId });
	});

	it('the visitor cancels their own, never another device’s', async () => {
		const v = visitor('e');
		const { escortId } = await request(v);
		await t.refused('not-found', visitor('f'), 'escort:cancel', { escortId });
		await t.must(v, 'escort:cancel', { escortId });
		expect((await escort(escortId)).cancelledBy).toBe('visitor');
		await t.refused('conflict', v, 'escort:cancel', { escortId });
		await t.refused('not-found', aroha, 'escort:accept', { escortId: newId() });
	});
});

describe('nobody accepting', () => {
	it('a timeout alarms once, widens the offer, and the visitor is told', async () => {
		const v = visitor('g');
		const { escortId } = await request(v);
		expect(await sweepIn(1)).toBe(0);
		expect(await sweepIn(t.app.config.escortAcceptSeconds + 1)).toBe(1);
		const e = await escort(escortId);
		expect(e.alarm).toMatchObject({ round: 0 });
		expect(e.round).toBe(1);
		expect(e.offeredTo).toEqual(['marshal-aroha', 'marshal-sione', 'marshal-jordan']);
		expect(publicEscortView(await t.state(), v.sessionId, null, new Date())?.escalated).toBe(true);
		await t.must(org, 'escort:acknowledge-alarm', { escortId });
		expect((await escort(escortId)).alarm).toBeNull();
		await t.refused('conflict', org, 'escort:acknowledge-alarm', { escortId });
		// The widened marshal may take it.
		await t.must(jordan, 'escort:accept', { escortId });
		await t.must(org, 'escort:cancel', { escortId, reason: 'Test over' });
		expect((await escort(escortId)).cancelledBy).toBe('control');
	});

	it('everyone offered declining is an alarm too', async () => {
		const { escortId } = await request(visitor('h'));
		await t.must(aroha, 'escort:decline', { escortId, reason: 'With someone already' });
		expect((await escort(escortId)).alarm).toBeNull();
		await t.must(sione, 'escort:decline', { escortId });
		expect((await escort(escortId)).alarm).not.toBeNull();
		await t.must(org, 'escort:offer', { escortId, marshalIds: ['marshal-jordan'] });
		const e = await escort(escortId);
		expect(e.alarm).toBeNull();
		expect(e.offeredTo).toContain('marshal-jordan');
		await t.must(org, 'escort:cancel', { escortId });
	});
});
