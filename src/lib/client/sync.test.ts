import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import { emptyState } from '$lib/shared/reducer';
import { classifyConnectError, reconcile, retryDelay } from './sync';

const AT = '2026-02-14T08:00:00.000Z';

function marshalAdded(seq: number, id = `m${seq}`): JournalEvent {
	return {
		seq,
		id: `e${seq}`,
		type: 'marshal:added',
		at: AT,
		actor: { role: 'system' },
		data: { marshalId: id, displayName: `Marshal ${seq}`, sectorId: null }
	};
}

const events = (...seqs: number[]) => seqs.map((s) => marshalAdded(s));

function stateAt(seq: number): EventState {
	let s = emptyState('ev');
	for (let i = 1; i <= seq; i++) s = reconcile(s, { prev: i - 1, events: events(i) }).state;
	return s;
}

describe('reconcile', () => {
	// held: the seq we hold; seqs: the batch's events; seq/gapFrom/count: what must follow.
	const cases: [
		string,
		{ held: number; prev: number; seqs: number[] },
		[number, number | null, number]
	][] = [
		['folds a batch that follows on', { held: 2, prev: 2, seqs: [3, 4] }, [4, null, 4]],
		[
			'an empty batch at our seq is a no-op (the "you are live" batch)',
			{ held: 2, prev: 2, seqs: [] },
			[2, null, 2]
		],
		['skips events already held', { held: 3, prev: 1, seqs: [2, 3, 4] }, [4, null, 4]],
		['a wholly old batch changes nothing', { held: 5, prev: 1, seqs: [2, 3] }, [5, null, 5]],
		[
			'a batch starting ahead of us is a gap, and is ignored',
			{ held: 2, prev: 4, seqs: [5] },
			[2, 2, 2]
		],
		[
			'seqs may jump inside a batch (events this audience may not see)',
			{ held: 2, prev: 2, seqs: [5, 9] },
			[9, null, 4]
		],
		['from an empty state', { held: 0, prev: 0, seqs: [1, 2, 3] }, [3, null, 3]]
	];
	for (const [name, { held, prev, seqs }, [seq, gapFrom, count]] of cases) {
		it(name, () => {
			const out = reconcile(stateAt(held), { prev, events: events(...seqs) });
			expect(out.state.seq).toBe(seq);
			expect(out.gapFrom).toBe(gapFrom);
			expect(Object.keys(out.state.marshals)).toHaveLength(count);
		});
	}

	it('returns the same object when nothing changes (no needless re-render)', () => {
		const held = stateAt(3);
		expect(reconcile(held, { prev: 3, events: [] }).state).toBe(held);
		expect(reconcile(held, { prev: 5, events: events(6) }).state).toBe(held);
	});

	it('never mutates the state it is given', () => {
		const held = stateAt(1);
		const copy = structuredClone(held);
		reconcile(held, { prev: 1, events: events(2, 3) });
		expect(held).toEqual(copy);
	});
});

describe('classifyConnectError', () => {
	it.each([
		['revoked', 'revoked'],
		['unauthorised', 'unauthorised'],
		['rate-limited', 'retry'],
		['xhr poll error', 'retry'],
		['websocket error', 'retry']
	] as const)('%s -> %s', (message, kind) => {
		expect(classifyConnectError(message)).toBe(kind);
	});
});

describe('retryDelay', () => {
	it('doubles up to a ceiling', () => {
		expect([0, 1, 2, 3, 10].map((a) => retryDelay(a, 1000, 5000))).toEqual([
			1000, 2000, 4000, 5000, 5000
		]);
	});
});
