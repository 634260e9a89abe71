/**
 * The feature builders for what the organiser sets up before the night: the route, sector
 * rings (closed, degenerate ones skipped) and zones, with only the properties the map needs.
 */
import { describe, expect, it } from 'vitest';
import type { EventState, LngLat, Zone } from '$lib/shared/model';
import { closeRing, featureIds, routeFeatures, sectorFeatures, zoneFeatures } from './features';
import { square, state, zone } from './features.fixtures';

describe('routeFeatures', () => {
	const cases: { name: string; route: LngLat[] | null; count: number }[] = [
		{ name: 'no route', route: null, count: 0 },
		{ name: 'a single point is not a line', route: [[0, 0]], count: 0 },
		{
			name: 'a line',
			route: [
				[0, 0],
				[1, 1],
				[2, 1]
			],
			count: 1
		}
	];
	it.each(cases)('$name', ({ route, count }) => {
		const fc = routeFeatures(state({ route }));
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features).toHaveLength(count);
		if (count) {
			const [f] = fc.features;
			expect(f.id).toBe('route');
			expect(f.properties.id).toBe('route');
			expect(f.geometry).toEqual({ type: 'LineString', coordinates: route });
		}
	});
});

describe('closeRing', () => {
	const cases: { name: string; ring: LngLat[]; expected: LngLat[] }[] = [
		{ name: 'empty stays empty', ring: [], expected: [] },
		{ name: 'open ring gets closed', ring: square, expected: [...square, [0, 0]] },
		{ name: 'closed ring unchanged', ring: [...square, [0, 0]], expected: [...square, [0, 0]] }
	];
	it.each(cases)('$name', ({ ring, expected }) => {
		expect(closeRing(ring)).toEqual(expected);
	});
});

describe('sectorFeatures', () => {
	const cases: { name: string; sectors: EventState['sectors']; ids: string[] }[] = [
		{ name: 'none', sectors: {}, ids: [] },
		{
			name: 'two sectors keep their ids and names',
			sectors: {
				north: { id: 'north', name: 'North', ring: square },
				south: { id: 'south', name: 'South', ring: [...square, [0, 0]] }
			},
			ids: ['north', 'south']
		},
		{
			name: 'a degenerate ring is skipped',
			sectors: {
				line: {
					id: 'line',
					name: 'Line',
					ring: [
						[0, 0],
						[1, 1]
					]
				}
			},
			ids: []
		}
	];
	it.each(cases)('$name', ({ sectors, ids }) => {
		const fc = sectorFeatures(state({ sectors }));
		expect(featureIds(fc)).toEqual(ids);
		for (const f of fc.features) {
			expect(f.geometry.type).toBe('Polygon');
			const ring = f.geometry.coordinates[0];
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			expect(f.properties.name).toBe(sectors[f.properties.id].name);
			expect(f.id).toBe(f.properties.id);
		}
	});
});

describe('zoneFeatures', () => {
	const cases: { name: string; zones: Zone[]; expected: Record<string, unknown>[] }[] = [
		{ name: 'none', zones: [], expected: [] },
		{
			name: 'status, kind and verification travel as properties',
			zones: [
				zone('a', { status: 'full', verifiedAt: '2025-07-05T19:00:00Z' }),
				zone('b', { kind: 'marshal-post', status: 'closed' })
			],
			expected: [
				{
					id: 'a',
					name: 'Zone a',
					kind: 'first-aid',
					status: 'full',
					verifiedAt: '2025-07-05T19:00:00Z'
				},
				{ id: 'b', name: 'Zone b', kind: 'marshal-post', status: 'closed', verifiedAt: null }
			]
		}
	];
	it.each(cases)('$name', ({ zones, expected }) => {
		const fc = zoneFeatures(state({ zones: Object.fromEntries(zones.map((z) => [z.id, z])) }));
		expect(fc.features.map((f) => f.properties)).toEqual(expected);
		for (const [i, f] of fc.features.entries()) {
			expect(f.geometry).toEqual({ type: 'Point', coordinates: zones[i].position });
			expect(f.id).toBe(zones[i].id);
		}
	});

	it('does not carry opening hours or free text onto the map', () => {
		const fc = zoneFeatures(
			state({ zones: { a: zone('a', { description: 'behind the stage', hours: [] }) } })
		);
		expect(Object.keys(fc.features[0].properties).sort()).toEqual(
			['id', 'kind', 'name', 'status', 'verifiedAt'].sort()
		);
	});
});
