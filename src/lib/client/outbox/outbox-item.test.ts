import { describe, expect, it } from 'vitest';
import {
	bySending,
	hasSettled,
	isUnanswered,
	patchItem,
	trimSettled,
	type OutboxItem,
	type OutboxItemState
} from './outbox-item';

const item = (id: string, state: OutboxItemState, createdAt = 0, attempts = 0): OutboxItem => ({
	id,
	name: 'marshal:start-shift',
	label: id,
	createdAt,
	state,
	attempts,
	message: null
});

describe('outbox items', () => {
	it('counts queued and sent items as unanswered, the rest as answered', () => {
		expect(isUnanswered(item('a', 'queued'))).toBe(true);
		expect(isUnanswered(item('a', 'sent'))).toBe(true);
		for (const s of ['received', 'refused', 'damaged'] as const) {
			expect(isUnanswered(item('a', s))).toBe(false);
		}
	});

	it('settles on an answer, a failed attempt or a missing item, not before', () => {
		expect(hasSettled(null)).toBe(true);
		expect(hasSettled(item('a', 'received'))).toBe(true);
		expect(hasSettled(item('a', 'queued', 0, 1))).toBe(true);
		expect(hasSettled(item('a', 'queued', 0, 0))).toBe(false);
		expect(hasSettled(item('a', 'sent', 0, 1))).toBe(false);
	});

	it('patches one item into a fresh list', () => {
		const list = [item('a', 'queued'), item('b', 'queued')];
		const next = patchItem(list, 'b', { state: 'refused', message: 'no', code: 'forbidden' });
		expect(next).not.toBe(list);
		expect(next[0]).toBe(list[0]);
		expect(next[1]).toMatchObject({ id: 'b', state: 'refused', message: 'no', code: 'forbidden' });
		expect(list[1]!.state).toBe('queued');
	});

	it('keeps the newest answered items and every unanswered one', () => {
		const list = [
			item('r1', 'received'),
			item('q1', 'queued'),
			item('r2', 'refused'),
			item('d1', 'damaged'),
			item('s1', 'sent')
		];
		expect(trimSettled(list, 5)).toBe(list);
		expect(trimSettled(list, 2).map((i) => i.id)).toEqual(['q1', 'r2', 'd1', 's1']);
		expect(trimSettled(list, 0).map((i) => i.id)).toEqual(['q1', 's1']);
	});

	it('orders by creation, then by id', () => {
		const list = [item('b', 'queued', 2), item('c', 'queued', 1), item('a', 'queued', 2)];
		expect([...list].sort(bySending).map((i) => i.id)).toEqual(['c', 'a', 'b']);
	});
});
