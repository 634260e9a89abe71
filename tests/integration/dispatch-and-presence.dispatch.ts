import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import type { TestClient } from './support/clients';
import { expectOk } from './support/journal';
import {
	ask,
	idsOf,
	inProcessEvent,
	north,
	report,
	SCENE,
	sendPosition,
	untilStored
} from './support/presence';

/** dispatch:suggest over a real socket, on the embedded store. */
export function dispatchSuite() {
	describe('dispatch:suggest', () => {
		const event = inProcessEvent('dispatch');
		const { eventId, onShift, organiser } = event;
		let control: TestClient;
		let marshal: TestClient;
		let withPlace: string;
		let withoutPlace: string;
		const sent = new Map<string, string>();

		beforeAll(async () => {
			control = await organiser();
			const reporter = await onShift('marshal-sam');
			withPlace = await report(reporter.client, SCENE);
			withoutPlace = await report(reporter.client);
			const end = { commandId: newId() };
			expectOk(await reporter.client.command('marshal:end-shift', end), 'sam ending the shift');
			const phones: Record<string, TestClient> = {};
			for (const id of ['sione', 'aroha', 'farida', 'mei', 'jordan', 'priya', 'tama']) {
				phones[id] = (await onShift(`marshal-${id}`)).client;
			}
			const metres = { sione: 100, aroha: 300, farida: 2000, jordan: 50, priya: 20 };
			for (const [id, m] of Object.entries(metres)) {
				sent.set(`marshal-${id}`, sendPosition(phones[id], north(SCENE, m)).at);
			}
			const status = { commandId: newId(), status: 'on-break' };
			expectOk(await phones.jordan.command('marshal:set-status', status), 'jordan on a break');
			for (const id of ['priya', 'tama']) {
				const jobId = newId();
				const offers = [{ jobId, marshalId: `marshal-${id}` }];
				const offer = { commandId: newId(), incidentId: withPlace, offers };
				expectOk(await control.command('job:offer', offer), `offering ${id} a job`);
				const accept = { commandId: newId(), jobId };
				expectOk(await phones[id].command('job:accept', accept), `${id} accepting`);
			}
			// Off shift, with a position stored just as the shift ended: never suggested.
			const at = new Date().toISOString();
			const leftover = { marshalId: 'marshal-sam', position: SCENE, accuracy: 3, at };
			await event.app().presence.put(eventId, leftover);
			await untilStored(event.app(), eventId, (ps) => ps.length === 6, 'every position stored');
			marshal = phones.sione;
		});

		it('ranks available, on a break, on a job; each nearest first, unknown places last', async () => {
			const ack = await ask(control, 'dispatch:suggest', { incidentId: withPlace, limit: 20 });
			if (!ack.ok) throw new Error(ack.message);
			const expected: [string, string, number | null][] = [
				['marshal-sione', 'available', 100],
				['marshal-aroha', 'available', 300],
				['marshal-farida', 'available', 2000],
				['marshal-mei', 'available', null],
				['marshal-jordan', 'on-break', 50],
				['marshal-priya', 'on-job', 20],
				['marshal-tama', 'on-job', null]
			];
			expect(ack.suggestions.map((s) => [s.marshalId, s.status])).toEqual(
				expected.map(([id, status]) => [id, status])
			);
			ack.suggestions.forEach((s, i) => {
				const metres = expected[i][2];
				if (metres === null) expect(s.distanceMetres).toBeNull();
				else expect(Math.abs((s.distanceMetres ?? -1) - metres)).toBeLessThanOrEqual(1);
				expect(s.lastSeenAt).toBe(sent.get(s.marshalId) ?? null);
				expect(Object.keys(s).sort()).toEqual([
					'distanceMetres',
					'lastSeenAt',
					'marshalId',
					'status'
				]);
			});

			const byDefault = await ask(control, 'dispatch:suggest', { incidentId: withPlace });
			expect(byDefault.ok && idsOf(byDefault.suggestions)).toEqual(
				expected.slice(0, 5).map(([id]) => id)
			);
			const two = await ask(control, 'dispatch:suggest', { incidentId: withPlace, limit: 2 });
			expect(two.ok && idsOf(two.suggestions)).toEqual(['marshal-sione', 'marshal-aroha']);
		});

		it('gives no distances for an incident without a place, keeping the status order', async () => {
			const ack = await ask(control, 'dispatch:suggest', { incidentId: withoutPlace, limit: 20 });
			if (!ack.ok) throw new Error(ack.message);
			const order = ['aroha', 'farida', 'mei', 'sione', 'jordan', 'priya', 'tama'];
			expect(idsOf(ack.suggestions)).toEqual(order.map((id) => `marshal-${id}`));
			expect(ack.suggestions.every((s) => s.distanceMetres === null)).toBe(true);
			expect(ack.suggestions[0].lastSeenAt).toBe(sent.get('marshal-aroha'));
		});

		it('answers organisers only, and validates the question', async () => {
			for (const c of [marshal, await event.attendee()]) {
				const ack = await ask(c, 'dispatch:suggest', { incidentId: withPlace });
				expect(ack).toEqual({ ok: false, code: 'forbidden', message: expect.any(String) });
			}
			const missing = await ask(control, 'dispatch:suggest', { incidentId: 'no-such-incident' });
			expect(missing).toMatchObject({ ok: false, code: 'not-found' });
			const bad = [{}, { incidentId: withPlace, limit: 50 }, { incidentId: withPlace, x: 1 }];
			for (const payload of bad) {
				const ack = await ask(control, 'dispatch:suggest', payload);
				expect(ack).toMatchObject({ ok: false, code: 'invalid', issues: expect.any(Array) });
			}
		});
	});
}
