import { describe, expect, it } from 'vitest';
import { emptyState } from '$lib/shared/reducer';
import type { EventState, Incident, LngLat, Marshal, Zone } from '$lib/shared/model';
import type { MarshalPosition } from '$lib/shared/protocol';
import {
	closeRing,
	featureIds,
	incidentFeatures,
	isStale,
	marshalFeatures,
	routeFeatures,
	sectorFeatures,
	zoneFeatures
} from './features';

function zone(id: string, over: Partial<Zone> = {}): Zone {
	return {
		id,
		name: `Zone ${id}`,
		kind: 'first-aid',
		position: [-0.13, 51.51],
		hours: [],
		status: 'open',
		verifiedAt: null,
		...over
	};
}

function incident(id: string, over: Partial<Incident> = {}): Incident {
	return {
		id,
		category: 'medical',
		severity: 2,
		state: 'reported',
		position: [-0.12, 51.5],
		onBehalf: false,
		reportedAt: '2025-07-05T20:00:00Z',
		reportedBy: { role: 'marshal', id: 'm1' },
		sectorId: null,
		updatedAt: '2025-07-05T20:00:00Z',
		notes: [],
		links: [],
		police: [],
		timeline: [],
		escalation: null,
		...over
	};
}

function state(over: Partial<EventState> = {}): EventState {
	return { ...emptyState('pride-test'), ...over };
}

const square: LngLat[] = [
	[0, 0],
	[1, 0],
	[1, 1],
	[0, 1]
];

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

describe('incidentFeatures', () => {
	const cases: {
		name: string;
		incidents: Incident[];
		includeClosed?: boolean;
		expected: { id: string; unacknowledged: boolean; open: boolean }[];
	}[] = [
		{ name: 'none', incidents: [], expected: [] },
		{
			name: 'reported is unacknowledged',
			incidents: [incident('i1')],
			expected: [{ id: 'i1', unacknowledged: true, open: true }]
		},
		{
			name: 'acknowledged and dispatched are not',
			incidents: [
				incident('i1', { state: 'acknowledged' }),
				incident('i2', { state: 'dispatched' })
			],
			expected: [
				{ id: 'i1', unacknowledged: false, open: true },
				{ id: 'i2', unacknowledged: false, open: true }
			]
		},
		{
			name: 'without a position there is no pin',
			incidents: [incident('i1', { position: undefined }), incident('i2')],
			expected: [{ id: 'i2', unacknowledged: true, open: true }]
		},
		{
			name: 'closed incidents are kept by default',
			incidents: [incident('i1', { state: 'resolved' })],
			expected: [{ id: 'i1', unacknowledged: false, open: false }]
		},
		{
			name: 'closed incidents can be left out',
			incidents: [incident('i1', { state: 'cancelled' }), incident('i2', { state: 'on-scene' })],
			includeClosed: false,
			expected: [{ id: 'i2', unacknowledged: false, open: true }]
		}
	];
	it.each(cases)('$name', ({ incidents, includeClosed, expected }) => {
		const s = state({ incidents: Object.fromEntries(incidents.map((i) => [i.id, i])) });
		const fc = incidentFeatures(s, { includeClosed });
		expect(
			fc.features.map(({ properties: p }) => ({
				id: p.id,
				unacknowledged: p.unacknowledged,
				open: p.open
			}))
		).toEqual(expected);
		for (const f of fc.features) {
			const source = s.incidents[f.properties.id];
			expect(f.id).toBe(source.id);
			expect(f.geometry.coordinates).toEqual(source.position);
			expect(f.properties).toMatchObject({
				category: source.category,
				severity: source.severity,
				state: source.state
			});
			expect(f.properties).not.toHaveProperty('description');
		}
	});
});

describe('marshalFeatures', () => {
	const now = new Date('2025-07-05T22:00:00Z');
	const marshal = (id: string, status: Marshal['status']): Marshal => ({
		id,
		displayName: `Marshal ${id}`,
		sectorId: null,
		status,
		devices: []
	});
	const at = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString();
	const pos = (marshalId: string, secondsAgo: number): [string, MarshalPosition] => [
		marshalId,
		{ marshalId, position: [174.77, -41.29], accuracy: 10, at: at(secondsAgo) }
	];
	const marshals = {
		a: marshal('a', 'available'),
		b: marshal('b', 'on-job'),
		c: marshal('c', 'on-break'),
		off: marshal('off', 'off-shift')
	};
	const cases: {
		name: string;
		positions: [string, MarshalPosition][];
		expected: { id: string; status: string; stale: boolean }[];
	}[] = [
		{ name: 'nobody sharing', positions: [], expected: [] },
		{
			name: 'status from the roster, staleness from the position time, sorted by id',
			positions: [pos('c', 61), pos('a', 5), pos('b', 60)],
			expected: [
				{ id: 'a', status: 'available', stale: false },
				{ id: 'b', status: 'on-job', stale: false },
				{ id: 'c', status: 'on-break', stale: true }
			]
		},
		{
			name: 'off shift and unknown marshals are left out',
			positions: [pos('off', 1), pos('ghost', 1), pos('a', 1)],
			expected: [{ id: 'a', status: 'available', stale: false }]
		}
	];
	it.each(cases)('$name', ({ positions, expected }) => {
		const fc = marshalFeatures({ marshals }, new Map(positions), now);
		expect(fc.features.map((f) => f.properties)).toEqual(expected);
		for (const f of fc.features) {
			expect(f.id).toBe(f.properties.id);
			expect(f.geometry.coordinates).toEqual([174.77, -41.29]);
		}
	});

	it('a position with an unreadable time is stale', () => {
		expect(isStale('not a time', now)).toBe(true);
		expect(isStale(at(0), now)).toBe(false);
	});
});

describe('stability', () => {
	it('the same state gives the same features and ids', () => {
		const s = state({
			route: [
				[0, 0],
				[1, 1]
			],
			zones: { a: zone('a'), b: zone('b') },
			incidents: { i1: incident('i1') }
		});
		expect(zoneFeatures(s)).toEqual(zoneFeatures(s));
		expect(featureIds(incidentFeatures(s))).toEqual(['i1']);
		expect(featureIds(routeFeatures(s))).toEqual(['route']);
	});

	it('builders never share arrays with the state', () => {
		const s = state({ zones: { a: zone('a') } });
		const fc = zoneFeatures(s);
		fc.features[0].geometry.coordinates[0] = 99;
		expect(s.zones.a.position[0]).toBe(-0.13);
	});
});
