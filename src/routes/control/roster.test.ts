import { describe, expect, it } from 'vitest';
import type { Job, Marshal, Sector } from '$lib/shared/model';
import { shownCount } from './queue';
import { currentJobs, filterRoster, ROSTER_PAGE } from './roster';

const marshal = (id: string, displayName: string, sectorId: string | null): Marshal =>
	({ id, displayName, sectorId, status: 'available', devices: [] }) as unknown as Marshal;
const sectors = {
	cuba: { id: 'cuba', name: 'Cuba Street' },
	wharf: { id: 'wharf', name: 'Waterfront' }
} as unknown as Record<string, Sector>;
const roster = [
	marshal('m1', 'Aroha W.', 'cuba'),
	marshal('m2', 'Farida K.', 'wharf'),
	marshal('m3', 'Sione T.', null)
];

describe('filterRoster', () => {
	it('lists everyone when nothing is typed', () => {
		expect(filterRoster(roster, sectors, '  ').map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
	});
	it('matches names and sectors, any case, every word', () => {
		expect(filterRoster(roster, sectors, 'farida').map((m) => m.id)).toEqual(['m2']);
		expect(filterRoster(roster, sectors, 'CUBA').map((m) => m.id)).toEqual(['m1']);
		expect(filterRoster(roster, sectors, 'aroha street').map((m) => m.id)).toEqual(['m1']);
		expect(filterRoster(roster, sectors, 'aroha waterfront')).toEqual([]);
	});
});

describe('shownCount for the roster', () => {
	const many = Array.from({ length: 130 }, (_, i) => ({ id: `m${i}` }));
	it('shows a page, and far enough to include the marshal picked on the map', () => {
		expect(shownCount(many, ROSTER_PAGE, [null], ROSTER_PAGE)).toBe(50);
		expect(shownCount(many, ROSTER_PAGE, ['m77'], ROSTER_PAGE)).toBe(100);
		expect(shownCount(many, ROSTER_PAGE, ['m120'], ROSTER_PAGE)).toBe(130);
		expect(shownCount(many, ROSTER_PAGE, ['not-there'], ROSTER_PAGE)).toBe(50);
	});
});

describe('currentJobs', () => {
	const job = (id: string, marshalId: string, state: Job['state'], offeredAt: string): Job =>
		({ id, incidentId: `i-${id}`, marshalId, state, offeredAt }) as unknown as Job;
	const byId = (...js: Job[]) => Object.fromEntries(js.map((j) => [j.id, j]));
	const ids = (out: Record<string, Job>) =>
		Object.fromEntries(Object.entries(out).map(([m, j]) => [m, j.id]));

	it('skips jobs that are over', () => {
		const out = currentJobs(
			byId(job('j1', 'm1', 'declined', '10:00'), job('j2', 'm2', 'resolved', '10:00'))
		);
		expect(out).toEqual({});
	});
	it('prefers a job being worked on to one merely offered, whatever its age', () => {
		const out = currentJobs(
			byId(job('j1', 'm1', 'accepted', '10:00'), job('j2', 'm1', 'offered', '11:00'))
		);
		expect(ids(out)).toEqual({ m1: 'j1' });
	});
	it('among equals, prefers the latest offered; one job per marshal', () => {
		const out = currentJobs(
			byId(
				job('j1', 'm1', 'offered', '10:00'),
				job('j2', 'm1', 'offered', '11:00'),
				job('j3', 'm2', 'on-scene', '09:00')
			)
		);
		expect(ids(out)).toEqual({ m1: 'j2', m2: 'j3' });
	});
});
