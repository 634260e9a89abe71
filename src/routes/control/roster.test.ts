import { describe, expect, it } from 'vitest';
import type { Marshal, Sector } from '$lib/shared/model';
import { shownCount } from './queue';
import { filterRoster, ROSTER_PAGE } from './roster';

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
