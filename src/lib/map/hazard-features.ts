/**
 * Hazard areas as GeoJSON circles (polygons, so they scale with the map). Each carries its
 * strength (1 when marked, fading to 0.25 at expiry); hazards no longer in force are left out.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { hazardStrength } from '$lib/shared/hazard-rules';
import type { EventState, LngLat } from '$lib/shared/model';

export type HazardProps = { id: string; text: string; strength: number };

const EARTH_METRES_PER_DEGREE = 111_320;
const SIDES = 48;

/** A circle of `radius` metres around `centre`, as a closed ring. */
export function circleRing(centre: LngLat, radius: number, sides = SIDES): LngLat[] {
	const [lng, lat] = centre;
	const dLat = radius / EARTH_METRES_PER_DEGREE;
	const dLng = dLat / Math.cos((lat * Math.PI) / 180);
	const ring: LngLat[] = [];
	for (let i = 0; i < sides; i++) {
		const a = (2 * Math.PI * i) / sides;
		ring.push([lng + dLng * Math.cos(a), lat + dLat * Math.sin(a)]);
	}
	ring.push(ring[0]!);
	return ring;
}

export function hazardFeatures(
	state: Pick<EventState, 'hazards'>,
	now: Date
): FeatureCollection<Polygon, HazardProps> {
	const features = [];
	for (const h of Object.values(state.hazards)) {
		const strength = hazardStrength(h, now);
		if (strength <= 0) continue;
		features.push({
			type: 'Feature' as const,
			id: h.id,
			geometry: { type: 'Polygon' as const, coordinates: [circleRing(h.position, h.radiusMetres)] },
			properties: { id: h.id, text: h.text, strength: Math.round(strength * 100) / 100 }
		});
	}
	return { type: 'FeatureCollection', features };
}
