/**
 * incident:timeline over a real socket, on the embedded store: the control room's record
 * asks for an incident's lines because snapshots come without them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import type { QueryAck } from '$lib/shared/protocol';
import { viewState } from '$lib/shared/views';
import { WAIT_MS, type TestClient } from './support/clients';
import { expectOk } from './support/journal';
import { inProcessEvent, report, SCENE } from './support/presence';

const askTimeline = (
	client: TestClient,
	payload: unknown
): Promise<QueryAck<'incident:timeline'>> =>
	client.socket.timeout(WAIT_MS).emitWithAck('incident:timeline', payload);

describe('incident:timeline', () => {
	const event = inProcessEvent('timeline');
	let control: TestClient;
	let phone: TestClient;
	let incidentId: string;

	beforeAll(async () => {
		control = await event.organiser();
		phone = (await event.onShift('marshal-sione')).client;
		incidentId = await report(phone, SCENE);
		for (const to of ['acknowledged', 'resolved']) {
			const step = { commandId: newId(), incidentId, to };
			expectOk(await control.command('incident:transition', step), `moving it to ${to}`);
		}
	});

	it("gives the control room every line of the record, as the server's fold has them", async () => {
		const ack = await askTimeline(control, { incidentId });
		if (!ack.ok) throw new Error(ack.message);
		const runtime = await event.app().runtime(event.eventId);
		const expected = runtime.state.incidents[incidentId].timeline;
		expect(expected.length).toBe(3);
		expect(ack.timeline).toEqual(expected);
		expect(ack.timeline.map((l) => l.type)).toEqual([
			'incident:reported',
			'incident:state-changed',
			'incident:state-changed'
		]);
	});

	it('is what the snapshot leaves out', async () => {
		const runtime = await event.app().runtime(event.eventId);
		const snapshot = viewState({ role: 'organiser' }, runtime.state);
		expect(snapshot.incidents[incidentId].timeline).toEqual([]);
		expect(snapshot.incidents[incidentId].state).toBe('resolved');
	});

	it('refuses marshals, unknown incidents and bad payloads with a typed error', async () => {
		expect(await askTimeline(phone, { incidentId })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await askTimeline(control, { incidentId: 'no-such-incident' })).toMatchObject({
			ok: false,
			code: 'not-found'
		});
		expect(await askTimeline(control, { incidentId, extra: 1 })).toMatchObject({
			ok: false,
			code: 'invalid'
		});
		expect(await askTimeline(control, 'not an object')).toMatchObject({
			ok: false,
			code: 'invalid'
		});
	});
});
