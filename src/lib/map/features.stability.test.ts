/**
 * The feature builders are stable: the same state gives the same features and ids, and no
 * feature shares an array with the state it was built from.
 */
import { describe, expect, it } from 'vitest';
import { featureIds, incidentFeatures, routeFeatures, zoneFeatures } from './features';
import { incident, state, zone } from './features.fixtures';

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
