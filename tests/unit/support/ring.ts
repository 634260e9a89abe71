import type { LngLat } from '$lib/shared/geo';

/** A closed rectangular ring (west, south, east, north), as a sector's boundary. */
export const ring = (w: number, s: number, e: number, n: number): LngLat[] => [
	[w, n],
	[e, n],
	[e, s],
	[w, s],
	[w, n]
];
