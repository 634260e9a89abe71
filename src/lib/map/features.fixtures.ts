/**
 * Small states for the feature builders' tests (features.*.test.ts): a zone, an incident and
 * an event state with only what a case sets, and a unit square as a sector's ring.
 */
import { emptyState } from '$lib/shared/reducer';
import type { EventState, Incident, LngLat, Zone } from '$lib/shared/model';

export function zone(id: string, over: Partial<Zone> = {}): Zone {
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

export function incident(id: string, over: Partial<Incident> = {}): Incident {
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

export function state(over: Partial<EventState> = {}): EventState {
	return { ...emptyState('pride-test'), ...over };
}

export const square: LngLat[] = [
	[0, 0],
	[1, 0],
	[1, 1],
	[0, 1]
];
