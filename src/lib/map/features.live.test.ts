/**
 * The feature builders for what moves during the night: incidents (unacknowledged, open or
 * closed, no pin without a position) and marshals sharing their position (status from the
 * roster, staleness from the position's time).
 */
import { describe, expect, it } from 'vitest';
import type { Incident, Marshal } from '$lib/shared/model';
import type { MarshalPosition } from '$lib/shared/protocol';
import { incidentFeatures, isStale, marshalFeatures } from './features';
import { incident, state } from './features.fixtures';

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
