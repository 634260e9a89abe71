import { describe, expect, it } from 'vitest';
import type { LngLat } from '$lib/shared/geo';
import type { Hazard } from '$lib/shared/model';
import { activeHazards, hazardAlerts, hazardPlan } from './hazard-alert';

const SPOT: LngLat = [174.7762, -41.2916];
const north = (m: number): LngLat => [SPOT[0], SPOT[1] + m / 111_320];
const NOW = new Date('2030-01-01T01:00:00.000Z');
const hazard = (id: string, extra: Partial<Hazard> = {}): Hazard => ({
	id,
	position: SPOT,
	radiusMetres: 100,
	text: 'Group following people',
	markedAt: '2030-01-01T00:55:00.000Z',
	expiresAt: '2030-01-01T01:30:00.000Z',
	clearedAt: null,
	...extra
});

describe('hazardAlerts', () => {
	it('alerts a phone inside or near a hazard once, and not one far away', () => {
		const hazards = { a: hazard('a') };
		const near = hazardAlerts(new Set(), hazards, north(200), NOW);
		expect(near.alerts.map((h) => h.id)).toEqual(['a']);
		expect(hazardAlerts(near.alerted, hazards, SPOT, NOW).alerts).toEqual([]);
		expect(hazardAlerts(new Set(), hazards, north(1_000), NOW).alerts).toEqual([]);
	});

	it('alerts when the marshal walks into reach later', () => {
		const hazards = { a: hazard('a') };
		const far = hazardAlerts(new Set(), hazards, north(1_000), NOW);
		expect(far.alerts).toEqual([]);
		expect(hazardAlerts(far.alerted, hazards, north(50), NOW).alerts).toHaveLength(1);
	});

	it('never alerts without a position, nor for cleared or expired hazards', () => {
		const hazards = {
			cleared: hazard('cleared', { clearedAt: '2030-01-01T00:58:00.000Z' }),
			expired: hazard('expired', { expiresAt: '2030-01-01T00:59:00.000Z' })
		};
		expect(hazardAlerts(new Set(), { a: hazard('a') }, null, NOW).alerts).toEqual([]);
		expect(hazardAlerts(new Set(), hazards, SPOT, NOW).alerts).toEqual([]);
	});
});

describe('activeHazards and hazardPlan', () => {
	it('lists hazards in force, newest first', () => {
		const hazards = {
			old: hazard('old', { markedAt: '2030-01-01T00:10:00.000Z' }),
			gone: hazard('gone', { expiresAt: '2030-01-01T00:20:00.000Z' }),
			new: hazard('new', { markedAt: '2030-01-01T00:59:00.000Z' })
		};
		expect(activeHazards(hazards, NOW).map((h) => h.id)).toEqual(['new', 'old']);
	});

	it('vibrates always and sounds unless muted', () => {
		expect(hazardPlan(false).tones.length).toBeGreaterThan(0);
		expect(hazardPlan(true)).toEqual({ vibrate: hazardPlan(false).vibrate, tones: [] });
	});
});
