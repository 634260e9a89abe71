/**
 * Plain geometry for walking distances, without zod: the attendee's page imports this on
 * its critical path, where a schema library would cost more than the whole page.
 * `geo.ts` re-exports all of it beside the schemas.
 */

/** A position as GeoJSON orders it: [longitude, latitude], WGS84 degrees. */
export type LngLat = [number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine); plenty for walking distances. */
export function distanceMetres(a: LngLat, b: LngLat): number {
	const dLat = rad(b[1] - a[1]);
	const dLng = rad(b[0] - a[0]);
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b in degrees clockwise from north, 0 to 360. */
export function bearingDegrees(a: LngLat, b: LngLat): number {
	const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
	const x =
		Math.cos(rad(a[1])) * Math.sin(rad(b[1])) -
		Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
	return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

const COMPASS = [
	'north',
	'north-east',
	'east',
	'south-east',
	'south',
	'south-west',
	'west',
	'north-west'
] as const;

/** Eight-point compass direction in words, as people give directions in the street. */
export function directionWords(bearing: number): (typeof COMPASS)[number] {
	return COMPASS[Math.round((((bearing % 360) + 360) % 360) / 45) % 8];
}

/** "80 m", "250 m", "1.2 km": rounded so it reads like a sign, not a measurement. */
export function formatDistance(metres: number): string {
	// Round first: 995 m rounds to 1000 and must read "1.0 km", not "1000 m".
	const tens = Math.max(10, Math.round(metres / 10) * 10);
	if (tens < 1000) return `${tens} m`;
	return `${(metres / 1000).toFixed(1)} km`;
}

/**
 * Snaps a position to the centre of a fixed grid cell (about `cellMetres` wide).
 * Deterministic on purpose: random noise averages out under repeated queries,
 * a fixed cell gives the same answer every time and leaks nothing more.
 */
export function coarsen(p: LngLat, cellMetres = 100): LngLat {
	const latStep = (cellMetres / EARTH_RADIUS_M) * (180 / Math.PI);
	const lat = (Math.floor(p[1] / latStep) + 0.5) * latStep;
	// Longitude cells use the latitude of the cell's row so a cell has one width.
	const lngStep = latStep / Math.max(0.01, Math.cos(rad(lat)));
	const lng = (Math.floor(p[0] / lngStep) + 0.5) * lngStep;
	return [round6(lng), round6(lat)];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Ray-casting point-in-polygon on a single ring; fine at city scale. */
export function pointInRing(p: LngLat, ring: LngLat[]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) {
			inside = !inside;
		}
	}
	return inside;
}
