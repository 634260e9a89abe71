import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import { until } from './support/clients';
import { expectOk } from './support/journal';
import {
	idsOf,
	inProcessEvent,
	north,
	presenceBatches,
	SCENE,
	sendPosition,
	shownPosition,
	sleep,
	untilShown,
	untilStored
} from './support/presence';

/** Positions through the realtime layer of one process, on the embedded store. */
export function relaySuite() {
	describe('marshal positions on one process', () => {
		const event = inProcessEvent('presence');
		const { eventId, onShift, organiser, attendee } = event;
		afterEach(() => event.pool.closeAll());

		it('relays positions to organisers only, with a full batch as an organiser connects', async () => {
			const control = await organiser();
			await until(() => presenceBatches(control).length > 0, 'the first batch, on connecting');
			const bystander = await onShift('marshal-sione');
			const visitor = await attendee();
			const { client: phone } = await onShift('marshal-aroha');
			const sent = sendPosition(phone, north(SCENE, 120));
			await untilShown(control, 'marshal-aroha', (p) => p?.at === sent.at, 'aroha in control');
			expect(shownPosition(control, 'marshal-aroha')).toEqual({
				marshalId: 'marshal-aroha',
				...sent
			});

			const late = await organiser();
			await until(() => presenceBatches(late).length > 0, 'the late organiser’s first batch');
			const first = presenceBatches(late)[0];
			expect(first.positions).toEqual([{ marshalId: 'marshal-aroha', ...sent }]);

			// Nothing changes: nothing more is sent.
			const count = presenceBatches(control).length;
			await sleep(2500);
			expect(presenceBatches(control)).toHaveLength(count);
			for (const c of [bystander.client, phone, visitor]) expect(presenceBatches(c)).toEqual([]);
		});

		it('ignores positions from a marshal off shift, and from organisers and the public', async () => {
			const control = await organiser();
			const visitor = await attendee();
			const { client: phone } = await onShift('marshal-mei');
			expectOk(await phone.command('marshal:end-shift', { commandId: newId() }), 'ending a shift');
			const before = idsOf(await event.app().presence.all(eventId));

			const offShift = sendPosition(phone, north(SCENE, 900));
			sendPosition(control, SCENE);
			sendPosition(visitor, SCENE);
			// The same socket's next message is handled after the update: a barrier.
			expectOk(await phone.command('marshal:start-shift', { commandId: newId() }), 'a new shift');
			expect(idsOf(await event.app().presence.all(eventId))).toEqual(before);

			// Nothing was accepted, so nothing throttles the first position of the new shift.
			const now = sendPosition(phone, north(SCENE, 300));
			await untilShown(control, 'marshal-mei', (p) => p?.at === now.at, 'mei in control');
			const shown = presenceBatches(control).flatMap((b) => b.positions);
			expect(shown.filter((p) => p.marshalId === 'marshal-mei' && p.at === offShift.at)).toEqual(
				[]
			);
		});

		it('accepts one position per phone every 2 s and drops the rest', async () => {
			const { client: phone } = await onShift('marshal-jordan');
			const first = sendPosition(phone, north(SCENE, 10));
			sendPosition(phone, north(SCENE, 20));
			sendPosition(phone, north(SCENE, 30));
			const jordan = (ps: { marshalId: string; at: string }[]) =>
				ps.find((p) => p.marshalId === 'marshal-jordan');
			await untilStored(event.app(), eventId, (ps) => !!jordan(ps), 'jordan stored');
			await sleep(500);
			expect(jordan(await event.app().presence.all(eventId))?.at).toBe(first.at);

			await sleep(1700);
			const later = sendPosition(phone, north(SCENE, 40));
			await untilStored(event.app(), eventId, (ps) => jordan(ps)?.at === later.at, 'the next');
		});

		it('drops malformed positions without crashing or disconnecting anyone', async () => {
			const control = await organiser();
			const bystander = await onShift('marshal-priya');
			const { client: phone } = await onShift('marshal-tama');
			const valid = { position: north(SCENE, 60), accuracy: 5, at: new Date().toISOString() };
			const hostile: unknown[] = [
				null,
				'here',
				42,
				[],
				{},
				[174.77, -41.29],
				{ position: valid.position },
				{ ...valid, extra: true },
				{ ...valid, position: [200, 0] },
				{ ...valid, position: [0, 95] },
				{ ...valid, position: [0, 89] },
				{ ...valid, position: ['174.77', '-41.29'] },
				{ ...valid, position: [174.77, -41.29, 10] },
				{ ...valid, accuracy: -1 },
				{ ...valid, accuracy: 'high' },
				{ ...valid, at: 'yesterday' },
				{ ...valid, at: 1_700_000_000_000 },
				JSON.parse(`{"__proto__":{"polluted":true},"position":[174.77,-41.29]}`),
				{ position: { lng: 174.77, lat: -41.29 }, accuracy: 5, at: valid.at },
				[[[[[[[[[[[]]]]]]]]]]]
			];
			for (const bad of hostile) phone.socket.emit('presence:update', bad);
			phone.socket.emit('presence:update');
			phone.socket.emit('presence:update', { ...valid, accuracy: -5 }, () => {});
			phone.socket.emit('presence:update', 'a', 'b', 'c');

			const status = { commandId: newId(), status: 'on-break' };
			expectOk(await bystander.client.command('marshal:set-status', status), 'still serving');
			expect(idsOf(await event.app().presence.all(eventId))).not.toContain('marshal-tama');
			phone.socket.emit('presence:update', valid);
			await untilShown(control, 'marshal-tama', (p) => p?.at === valid.at, 'the valid position');
			expect(shownPosition(control, 'marshal-tama')).toEqual({
				marshalId: 'marshal-tama',
				...valid
			});
			for (const c of [phone, bystander.client, control]) expect(c.socket.connected).toBe(true);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		});

		it('forgets a position when the shift ends or the phone is revoked', async () => {
			const control = await organiser();
			const leilani = await onShift('marshal-leilani');
			const farida = await onShift('marshal-farida');
			sendPosition(leilani.client, north(SCENE, 200));
			sendPosition(farida.client, north(SCENE, 250));
			for (const id of ['marshal-leilani', 'marshal-farida']) {
				await untilShown(control, id, (p) => p !== undefined, `${id} in control`);
			}

			const end = { commandId: newId() };
			expectOk(await leilani.client.command('marshal:end-shift', end), 'ending leilani’s shift');
			await untilShown(control, 'marshal-leilani', (p) => p === undefined, 'leilani gone');
			const revoke = { commandId: newId(), deviceId: farida.identity.sessionId };
			expectOk(await control.command('device:revoke', revoke), 'revoking farida’s phone');
			await untilShown(control, 'marshal-farida', (p) => p === undefined, 'farida gone');
			const stored = idsOf(await event.app().presence.all(eventId));
			expect(stored).not.toContain('marshal-leilani');
			expect(stored).not.toContain('marshal-farida');
		});
	});
}
