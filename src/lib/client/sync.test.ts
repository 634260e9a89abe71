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
	const cases: {
		name: string;
		held: number;
		prev: number;
		seqs: number[];
		seq: number;
		gapFrom: number | null;
	}[] = [
		{
			name: 'folds a batch that follows on',
			held: 2,
			prev: 2,
			seqs: [3, 4],
			seq: 4,
			gapFrom: null
		},
		{
			name: 'an empty batch at our seq is a no-op',
			held: 2,
			prev: 2,
			seqs: [],
			seq: 2,
			gapFrom: null
		},
		{ name: 'skips events already held', held: 3, prev: 1, seqs: [2, 3, 4], seq: 4, gapFrom: null },
		{
			name: 'a wholly old batch changes nothing',
			held: 5,
			prev: 1,
			seqs: [2, 3],
			seq: 5,
			gapFrom: null
		},
		{ name: 'a batch starting ahead is a gap', held: 2, prev: 4, seqs: [5], seq: 2, gapFrom: 2 },
		{
			name: 'a jump inside a batch stops there',
			held: 2,
			prev: 2,
			seqs: [3, 5],
			seq: 3,
			gapFrom: 3
		},
		{ name: 'from an empty state', held: 0, prev: 0, seqs: [1, 2, 3], seq: 3, gapFrom: null }
	];
	for (const c of cases) {
		it(c.name, () => {
			const held = stateAt(c.held);
			const out = reconcile(held, { prev: c.prev, events: events(...c.seqs) });
			expect(out.state.seq).toBe(c.seq);
			expect(out.gapFrom).toBe(c.gapFrom);
			expect(Object.keys(out.state.marshals)).toHaveLength(c.seq);
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
