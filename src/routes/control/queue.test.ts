import { describe, expect, it } from 'vitest';
import type { Incident } from '$lib/shared/model';
import {
	buildQueue,
	DEFAULT_FILTER,
	moveIndex,
	nextSort,
	type QueueFilter,
	type Sort
} from './queue';

const now = new Date('2025-07-05T15:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function incident(id: string, over: Partial<Incident> = {}): Incident {
	return {
		id,
		category: 'medical',
		severity: 2,
		state: 'reported',
		onBehalf: false,
		reportedAt: minutesAgo(5),
		reportedBy: { role: 'marshal', id: 'm1' },
		sectorId: null,
		updatedAt: minutesAgo(5),
		notes: [],
		links: [],
		police: [],
		timeline: [],
		escalation: null,
		...over
	};
}

const all = Object.fromEntries(
	[
		incident('old-sev4', { severity: 4, reportedAt: minutesAgo(120), state: 'on-scene' }),
		incident('mid-sev1', { severity: 1, reportedAt: minutesAgo(30), sectorId: 'cuba' }),
		incident('new-sev3', {
			severity: 3,
			reportedAt: minutesAgo(2),
			category: 'hate-abuse',
			sectorId: 'cuba'
		}),
		incident('done', { state: 'resolved', reportedAt: minutesAgo(10), severity: 3 })
	].map((i) => [i.id, i])
);

const ids = (filter: Partial<QueueFilter>, sort: Sort = { key: 'reported', dir: 'desc' }) =>
	buildQueue(all, { ...DEFAULT_FILTER, ...filter }, sort, now).map((i) => i.id);

describe('buildQueue', () => {
	const cases: { name: string; filter: Partial<QueueFilter>; sort?: Sort; expected: string[] }[] = [
		{
			name: 'everything, newest first by default',
			filter: {},
			expected: ['new-sev3', 'done', 'mid-sev1', 'old-sev4']
		},
		{
			name: 'oldest first',
			filter: {},
			sort: { key: 'reported', dir: 'asc' },
			expected: ['old-sev4', 'mid-sev1', 'done', 'new-sev3']
		},
		{
			name: 'worst first, ties newest first',
			filter: {},
			sort: { key: 'severity', dir: 'desc' },
			expected: ['old-sev4', 'new-sev3', 'done', 'mid-sev1']
		},
		{
			name: 'by state in workflow order',
			filter: {},
			sort: { key: 'state', dir: 'asc' },
			expected: ['new-sev3', 'mid-sev1', 'old-sev4', 'done']
		},
		{
			name: 'open only',
			filter: { state: 'open' },
			expected: ['new-sev3', 'mid-sev1', 'old-sev4']
		},
		{ name: 'one state', filter: { state: 'resolved' }, expected: ['done'] },
		{
			name: 'severity 3 and up',
			filter: { minSeverity: 3 },
			expected: ['new-sev3', 'done', 'old-sev4']
		},
		{ name: 'category', filter: { category: 'hate-abuse' }, expected: ['new-sev3'] },
		{ name: 'sector', filter: { sector: 'cuba' }, expected: ['new-sev3', 'mid-sev1'] },
		{ name: 'outside every sector', filter: { sector: 'none' }, expected: ['done', 'old-sev4'] },
		{ name: 'last 15 minutes', filter: { age: '15m' }, expected: ['new-sev3', 'done'] },
		{ name: 'last hour', filter: { age: '1h' }, expected: ['new-sev3', 'done', 'mid-sev1'] },
		{
			name: 'filters combine',
			filter: { age: '1h', state: 'open', minSeverity: 2 },
			expected: ['new-sev3']
		}
	];
	it.each(cases)('$name', ({ filter, sort, expected }) => {
		expect(ids(filter, sort)).toEqual(expected);
	});
});

describe('nextSort', () => {
	it('a new key starts at its natural direction; the same key flips', () => {
		expect(nextSort({ key: 'reported', dir: 'desc' }, 'state')).toEqual({
			key: 'state',
			dir: 'asc'
		});
		expect(nextSort({ key: 'state', dir: 'asc' }, 'state')).toEqual({ key: 'state', dir: 'desc' });
		expect(nextSort({ key: 'state', dir: 'asc' }, 'severity')).toEqual({
			key: 'severity',
			dir: 'desc'
		});
	});
});

describe('moveIndex', () => {
	const cases: [string, number, number, number | null][] = [
		['ArrowDown', 0, 3, 1],
		['ArrowDown', 2, 3, 2],
		['ArrowUp', 0, 3, 0],
		['ArrowUp', 2, 3, 1],
		['Home', 2, 3, 0],
		['End', 0, 3, 2],
		['PageDown', 0, 30, 10],
		['PageUp', 5, 30, 0],
		['Enter', 1, 3, null],
		['ArrowDown', 0, 0, null]
	];
	it.each(cases)('%s from %i of %i -> %s', (key, index, length, expected) => {
		expect(moveIndex(key, index, length)).toBe(expected);
	});
});
