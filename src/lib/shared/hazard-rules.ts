/**
 * When a hazard applies and to whom, apart from its schemas in awareness.ts (which
 * re-exports these) so the marshal page can decide without loading zod.
 */
import { distanceMetres, type LngLat } from './geo-math';
import type { Hazard } from './model';

/** A marshal this far beyond a hazard's edge is "nearby" and gets the alert. */
export const HAZARD_ALERT_MARGIN_METRES = 150;

/** Still in force: not cleared and not past its expiry. */
export const isHazardActive = (h: Hazard, now: Date): boolean =>
	h.clearedAt === null && Date.parse(h.expiresAt) > now.getTime();

/**
 * How strongly to draw a hazard, from 1 when marked to 0.25 at expiry: it fades as it
 * ages, so an old sighting reads as old. 0 once it no longer applies.
 */
export function hazardStrength(h: Hazard, now: Date): number {
	if (!isHazardActive(h, now)) return 0;
	const start = Date.parse(h.markedAt);
	const end = Date.parse(h.expiresAt);
	const left = end > start ? (end - now.getTime()) / (end - start) : 1;
	return 0.25 + 0.75 * Math.min(1, Math.max(0, left));
}

/** Whether someone at `at` should be alerted about `h`: inside it or close to its edge. */
export function isNearHazard(h: Hazard, at: LngLat): boolean {
	return distanceMetres(at, h.position) <= h.radiusMetres + HAZARD_ALERT_MARGIN_METRES;
}
