import { describe, expect, it } from 'vitest';
import { batched, setEntry } from '$lib/shared/records';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import type { JournalEvent } from '$lib/shared/journal';

const deepFreeze = <T>(o: T): T => {
	if (o && typeof o === 'object' && !Object.isFrozen(o)) {
		Object.freeze(o);
		for (const v of Object.values(o)) deepFreeze(v);
	}
	return o;
};

describe('setEntry', () => {
	it('copies outside a batch and never writes to its input', () => {
		const input = deepFreeze({ a: 1, b: 2 } as Record<string, number>);
		const out = setEntry(input, 'c', 3);
		expect(out).toEqual({ a: 1, b: 2, c: 3 });
		expect(out).not.toBe(input);
		expect(setEntry(out, 'd', 4)).not.toBe(out);
		expect(Object.keys(setEntry(input, 'a', 9))).toEqual(['a', 'b']);
	});

	it('copies a record once per batch, and never one the batch did not create', () => {
		const input = deepFreeze({ a: 1 } as Record<string, number>);
		const [first, second, third] = batched(() => {
			const first = setEntry(input, 'b', 2);
			const second = setEntry(first, 'c', 3);
			const third = setEntry(input, 'd', 4);
			return [first, second, third];
		});
		expect(second).toBe(first);
		expect(first).toEqual({ a: 1, b: 2, c: 3 });
		expect(third).toEqual({ a: 1, d: 4 });
		expect(input).toEqual({ a: 1 });
		// The next batch copies again: what an earlier batch returned is somebody's state now.
		const later = batched(() => setEntry(first, 'e', 5));
		expect(later).not.toBe(first);
		expect(first).toEqual({ a: 1, b: 2, c: 3 });
	});
});

describe('applyAll', () => {
	const marshal = (seq: number, id: string): JournalEvent => ({
		seq,
		id: `e-${seq}`,
		type: 'marshal:added',
		at: '2026-02-14T06:00:00.000Z',
		actor: { role: 'system' },
		data: { marshalId: id, displayName: id, sectorId: null }
	});

	it('equals folding one event at a time, and leaves the states it was given alone', () => {
		const events = Array.from({ length: 50 }, (_, i) => marshal(i + 1, `m-${i}`));
		const start = deepFreeze(applyAll(emptyState('e'), events.slice(0, 10)));
		const oneByOne = events.slice(10).reduce(apply, start);
		const batch = applyAll(start, events.slice(10));
		expect(batch).toEqual(oneByOne);
		expect(Object.keys(start.marshals)).toHaveLength(10);
	});
});
