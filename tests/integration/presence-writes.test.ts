/**
 * Positions reach the presence store in batches: phones reporting at the same moment are
 * written together, not one store write (on Redis, one script and round trip) each, and every
 * position still arrives, the newest of each marshal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MarshalPosition } from '$lib/shared/protocol';
import { PRESENCE_WRITE_MS } from '$lib/server/realtime/presence';
import { inProcessEvent, north, SCENE, sendPosition, sleep, untilStored } from './support/presence';

const CREW = ['aroha', 'sione', 'mei', 'jordan', 'priya', 'tama', 'ngaio', 'sam'];

describe('writing positions', () => {
	const event = inProcessEvent('presence-writes');
	afterEach(() => event.pool.closeAll());

	it('writes phones that report together in one batch', async () => {
		const phones = [];
		for (const name of CREW) phones.push((await event.onShift(`marshal-${name}`)).client);
		// Counted at the store's door: the store itself still does every write.
		const store = event.app().presence;
		const writes: MarshalPosition[][] = [];
		const putMany = store.putMany;
		store.putMany = (eventId, ps) => {
			writes.push([...ps]);
			return putMany(eventId, ps);
		};
		try {
			await sleep(PRESENCE_WRITE_MS);
			const sent = phones.map((phone, i) => sendPosition(phone, north(SCENE, 50 * i)));
			const stored = await untilStored(
				event.app(),
				event.eventId,
				(ps) =>
					sent.every((s, i) =>
						ps.some((p) => p.marshalId === `marshal-${CREW[i]}` && p.at === s.at)
					),
				'every phone stored'
			);
			expect(stored).toHaveLength(CREW.length);
			// The first arrival is written at once; the rest joins it or the write after it.
			expect(writes.length).toBeLessThanOrEqual(2);
			expect(writes.flat()).toHaveLength(CREW.length);
		} finally {
			store.putMany = putMany;
		}
	});
});
