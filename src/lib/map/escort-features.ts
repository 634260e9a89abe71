/**
 * Escorts under way on the control room's map, as GeoJSON points (pure, tested): the
 * pick-up, the destination when a position was given, and the accepting marshal's live
 * position. Only open escorts; a finished one leaves the map.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Escort, EscortState } from '$lib/shared/escort';
import { isOpenEscort } from '$lib/shared/vocabulary';
import type { LngLat } from '$lib/shared/geo';
import type { MarshalPosition } from '$lib/shared/protocol';

export type EscortPointRole = 'pickup' | 'destination' | 'marshal';
export type EscortProps = {
	id: string;
	escortId: string;
	role: EscortPointRole;
	state: EscortState;
	/** Nobody has accepted in time: drawn as an alarm. */
	alarm: boolean;
};

export function escortFeatures(
	escorts: Record<string, Escort>,
	positions: ReadonlyMap<string, MarshalPosition>
): FeatureCollection<Point, EscortProps> {
	const features: FeatureCollection<Point, EscortProps>['features'] = [];
	const point = (e: Escort, role: EscortPointRole, at: LngLat) => {
		const id = `${e.id}:${role}`;
		features.push({
			type: 'Feature',
			id,
			geometry: { type: 'Point', coordinates: [at[0], at[1]] },
			properties: { id, escortId: e.id, role, state: e.state, alarm: e.alarm !== null }
		});
	};
	const open = Object.values(escorts)
		.filter(isOpenEscort)
		.sort((a, b) => (a.id < b.id ? -1 : 1));
	for (const e of open) {
		if (e.pickup) point(e, 'pickup', e.pickup);
		if (e.destinationPosition) point(e, 'destination', e.destinationPosition);
		const at = e.marshalId ? positions.get(e.marshalId) : undefined;
		if (at) point(e, 'marshal', at.position);
	}
	return { type: 'FeatureCollection', features };
}
