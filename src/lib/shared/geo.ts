import { z } from 'zod';

/** A position as GeoJSON orders it: [longitude, latitude], WGS84 degrees. */
export const LngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type LngLat = z.infer<typeof LngLat>;

export {
	bearingDegrees,
	coarsen,
	directionWords,
	distanceMetres,
	formatDistance,
	pointInRing
} from './geo-math';

/** Caps keep a hostile client from sending megabyte geometries through a valid schema. */
export const MAX_LINE_POINTS = 2000;
export const MAX_RING_POINTS = 500;

export const LineCoordinates = z.array(LngLat).min(2).max(MAX_LINE_POINTS);
export const PolygonRing = z.array(LngLat).min(4).max(MAX_RING_POINTS);
