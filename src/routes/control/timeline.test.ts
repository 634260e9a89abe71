import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '$lib/shared/model';
import { mergeTimelines } from './timeline';

const line = (seq: number, summary = `line ${seq}`): TimelineEntry => ({
	seq,
	at: new Date(Date.UTC(2026, 1, 1, 2, 0, seq)).toISOString(),
	actor: { role: 'organiser', id: 'org-1' },
	type: 'incident:state-changed',
	summary
});

describe('mergeTimelines', () => {
	it('joins what the server sent with what arrived since, once each, oldest first', () => {
		const fetched = [line(3), line(7), line(9)];
		const local = [line(9), line(12), line(10)];
		expect(mergeTimelines(fetched, local).map((l) => l.seq)).toEqual([3, 7, 9, 10, 12]);
	});

	it('shows the local lines while the server has not answered', () => {
		expect(mergeTimelines([], [line(4), line(5)]).map((l) => l.seq)).toEqual([4, 5]);
		expect(mergeTimelines([], [])).toEqual([]);
	});

	it("keeps the server's line when both have the same event", () => {
		const merged = mergeTimelines([line(5, 'from the server')], [line(5, 'folded here')]);
		expect(merged).toEqual([line(5, 'from the server')]);
	});
});
