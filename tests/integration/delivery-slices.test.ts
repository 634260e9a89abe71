/**
 * Delivery to phones goes out in rounds (at most one per ROUND_MS), a slice of sockets at a
 * time, after the control room's: with more phones than one slice and a burst of events they
 * all see, every phone still gets every event exactly once, in order, in a gap-free chain of
 * batches, and the control room too; the burst reaches a phone in a few batches, not one per
 * event; and what a phone did itself reaches it before its ack, without waiting for a round.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import type { Ack } from '$lib/shared/protocol';
import { ROUND_MS } from '$lib/server/realtime/delivery';
import { batchChain, until, type TestClient } from './support/clients';
import { joinMarshal } from './support/identities';
import { expectOk } from './support/journal';
import { inProcessEvent, north, SCENE } from './support/presence';

const ROSTER = [
	'marshal-aroha',
	'marshal-sione',
	'marshal-mei',
	'marshal-jordan',
	'marshal-priya',
	'marshal-tama',
	'marshal-leilani',
	'marshal-farida',
	'marshal-ngaio',
	'marshal-sam'
];
/** More phones than a slice (32), under the per-IP connection budget (60 per 10 s). */
const PHONES = 50;
const HAZARDS = 12;

describe('delivery to many phones', () => {
	const event = inProcessEvent('slices');

	it('brings every phone every event once, in order, during a burst', async () => {
		const control = await event.organiser();
		const phones: TestClient[] = [];
		for (let i = 0; i < PHONES; i++) {
			const marshal = await joinMarshal(event.app(), event.eventId, ROSTER[i % ROSTER.length]);
			phones.push(
				await event.pool.connect(event.url(), marshal.auth(), { eventId: event.eventId })
			);
		}
		// Where each phone stood after its first delivery (a batch from 0, or a snapshot).
		const starts = phones.map((p) => heldAfterFirst(p));

		// Every marshal gets hazards (the phone decides whether one is near): sent all at once.
		const sent = performance.now();
		const acks: Ack[] = await Promise.all(
			Array.from({ length: HAZARDS }, (_, i) =>
				control.command('hazard:mark', {
					commandId: newId(),
					hazardId: newId(),
					position: north(SCENE, 40 * i),
					radiusMetres: 120,
					text: `Broken glass, patch ${i}`,
					expiresInSeconds: 30 * 60
				})
			)
		);
		const acked = performance.now();
		const seqs = acks.map((a, i) => expectOk(a, `hazard ${i}`).seq).sort((a, b) => a - b);
		const last = seqs[seqs.length - 1];
		// Rounds start at most ROUND_MS apart: one at once, then one per ROUND_MS the burst lasted.
		const rounds = 2 + Math.floor((acked - sent) / ROUND_MS);

		for (const [i, phone] of phones.entries()) {
			await until(
				() => phone.events.some((e) => e.seq === last),
				`phone ${i} to get the last hazard`
			);
		}
		const runtime = await event.app().runtime(event.eventId);
		for (const [i, phone] of phones.entries()) {
			const hazards = phone.events.filter((e) => e.type === 'hazard:marked').map((e) => e.seq);
			expect(hazards, `phone ${i}`).toEqual(seqs);
			const all = phone.events.map((e) => e.seq);
			expect(new Set(all).size, `phone ${i} got an event twice`).toBe(all.length);
			expect(all, `phone ${i} out of order`).toEqual([...all].sort((a, b) => a - b));
			expect(batchChain(phone.received.slice(1), starts[i]), `phone ${i}`).toBeNull();
			const carrying = phone.received.filter(
				(r) => r.kind === 'batch' && r.batch.events.some((e) => e.type === 'hazard:marked')
			);
			expect(carrying.length, `phone ${i}: batches for ${HAZARDS} hazards`).toBeLessThanOrEqual(
				Math.min(rounds, HAZARDS)
			);
			expect(Object.keys(phone.state.hazards).sort()).toEqual(
				Object.keys(runtime.state.hazards).sort()
			);
		}
		await until(() => control.events.some((e) => e.seq === last), 'the control room');
		expect(control.events.filter((e) => e.type === 'hazard:marked').map((e) => e.seq)).toEqual(
			seqs
		);
	});

	it("sends a phone its own command's events before the ack, between rounds", async () => {
		const control = await event.organiser();
		const marshal = await joinMarshal(event.app(), event.eventId, 'marshal-aroha');
		const phone = await event.pool.connect(event.url(), marshal.auth(), {
			eventId: event.eventId
		});
		const bystander = await joinMarshal(event.app(), event.eventId, 'marshal-sione');
		const other = await event.pool.connect(event.url(), bystander.auth(), {
			eventId: event.eventId
		});
		// A hazard starts a round now, so the next one is ROUND_MS away.
		const hazard = expectOk(
			await control.command('hazard:mark', {
				commandId: newId(),
				hazardId: newId(),
				position: north(SCENE, 10),
				radiusMetres: 50,
				text: 'Spilled drink on the stairs',
				expiresInSeconds: 600
			}),
			'hazard'
		);
		await until(() => phone.events.some((e) => e.seq === hazard.seq), 'the hazard');

		const own = [
			['marshal:start-shift', {}],
			['marshal:set-status', { status: 'on-break' }]
		] as const;
		const ownSeqs: number[] = [];
		for (const [name, payload] of own) {
			const ack = expectOk(await phone.command(name, { commandId: newId(), ...payload }), name);
			ownSeqs.push(ack.seq);
			expect(
				phone.events.some((e) => e.seq === ack.seq),
				`${name}: its event was on the phone when the ack came`
			).toBe(true);
		}
		// A colleague's phone is not sent them (a marshal's shift is their own and the control
		// room's), and its chain of batches has no gap where they were skipped.
		await until(() => other.events.some((e) => e.seq === hazard.seq), 'the hazard elsewhere');
		expect(other.events.filter((e) => ownSeqs.includes(e.seq))).toEqual([]);
		expect(batchChain(other.received.slice(1), heldAfterFirst(other))).toBeNull();
	});
});

function heldAfterFirst(client: TestClient): number {
	const first = client.received[0];
	if (first.kind === 'snapshot') return first.snapshot.state.seq;
	return first.batch.events.at(-1)?.seq ?? first.batch.prev;
}
