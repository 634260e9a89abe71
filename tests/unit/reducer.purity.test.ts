/**
 * The reducer's contract with its callers: it never mutates its input (deep-frozen states
 * and events), and an event at or below the state's seq, a replay or a duplicate changes
 * nothing, wherever it arrives (property-based with fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '$lib/shared/journal';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import { everyType } from './support/reducer-journal';

function deepFreeze<T>(o: T): T {
	if (o && typeof o === 'object' && !Object.isFrozen(o)) {
		Object.freeze(o);
		for (const v of Object.values(o)) deepFreeze(v);
	}
	return o;
}

describe('apply: purity and idempotence', () => {
	const events = everyType();

	it('never mutates its input (deep-frozen states and events)', () => {
		let s = deepFreeze(emptyState('ev'));
		for (const e of events) {
			const before = structuredClone(s);
			const next = apply(s, deepFreeze(structuredClone(e)));
			expect(s).toEqual(before);
			s = deepFreeze(next);
		}
		expect(s.seq).toBe(events.length);
	});

	it('returns the very same state for an event at or below its seq', () => {
		const s = applyAll(emptyState('ev'), events);
		for (const e of events) expect(apply(s, e)).toBe(s);
		expect(apply(s, { ...events[0], seq: 0 })).toBe(s);
	});

	it('replaying the journal twice gives the same state', () => {
		const once = applyAll(emptyState('ev'), events);
		expect(applyAll(once, events)).toBe(once);
		expect(applyAll(emptyState('ev'), [...events, ...events])).toEqual(once);
	});

	it('ignores duplicates and replays of any earlier event, wherever they arrive', () => {
		const clean = applyAll(emptyState('ev'), events);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length - 1)), { maxLength: 30 }),
				(redeliveries) => {
					// Each pair (after, which): after event `after`, event `which` (<= after) arrives again.
					const stream: JournalEvent[] = [];
					events.forEach((e, i) => {
						stream.push(e);
						for (const [afterIdx, which] of redeliveries) {
							if (afterIdx === i) stream.push(events[Math.min(which, i)]);
						}
					});
					expect(applyAll(emptyState('ev'), stream)).toEqual(clean);
				}
			)
		);
	});
});
