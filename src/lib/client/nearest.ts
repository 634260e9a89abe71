/**
 * The attendee's nearest safe spot, worked out on the phone from the public zone list.
 * Pure: no browser APIs, no network. The visitor's position goes in and words come out;
 * nothing here sends it anywhere.
 *
 * Imports stay zod-free (geo-math, time, types only): this runs on the public page's
 * critical path, before the nearest spot is on screen.
 */
import {
	bearingDegrees,
	directionWords,
	distanceMetres,
	formatDistance,
	type LngLat
} from '$lib/shared/geo-math';
import type { Zone } from '$lib/shared/model';
import { isOpenAt } from '$lib/shared/time';
import { byCodePoint } from '$lib/shared/text-order';

/** Where the visitor says they are, and how we know. Never leaves the phone. */
export type VisitorPosition = {
	lngLat: LngLat;
	source: 'gps' | 'landmark' | 'map';
	/** In words, for the page: "your phone's location", "Te Aro Park", "the spot you tapped". */
	label: string;
	/** Metres, from the GPS fix; absent for landmarks and map taps. */
	accuracy?: number;
};

/** Why a spot is not somewhere to go now. */
export type Unavailable = 'closed' | 'full' | 'outside-hours';

export type RankedSpot = {
	zone: Zone;
	metres: number;
	/** "250 m north-east", or "less than 20 m away" when direction would be noise. */
	words: string;
	/** Null when the spot is open now (marked open by the organisers and within its hours). */
	unavailable: Unavailable | null;
};

export type Ranking = {
	/** Open now, nearest first. */
	open: RankedSpot[];
	/** Closed, full or outside its hours, nearest first. */
	other: RankedSpot[];
};

/** Closer than this, "north-east" is GPS noise: say it is here. */
export const HERE_METRES = 20;

export function distanceWords(from: LngLat, to: LngLat): { metres: number; words: string } {
	const metres = distanceMetres(from, to);
	if (metres < HERE_METRES) return { metres, words: `less than ${HERE_METRES} m away` };
	return { metres, words: `${formatDistance(metres)} ${directionWords(bearingDegrees(from, to))}` };
}

export function unavailableReason(zone: Zone, now: Date, timezone: string): Unavailable | null {
	if (zone.status === 'closed') return 'closed';
	if (zone.status === 'full') return 'full';
	return isOpenAt(zone.hours, now, timezone) ? null : 'outside-hours';
}

const byDistance = (a: RankedSpot, b: RankedSpot) =>
	a.metres - b.metres ||
	a.zone.name.localeCompare(b.zone.name) ||
	byCodePoint(a.zone.id, b.zone.id);

/** Every zone, split into open now and the rest, each nearest first. */
export function rankSpots(
	zones: readonly Zone[],
	from: LngLat,
	now: Date,
	timezone: string
): Ranking {
	const open: RankedSpot[] = [];
	const other: RankedSpot[] = [];
	for (const zone of zones) {
		const { metres, words } = distanceWords(from, zone.position);
		const unavailable = unavailableReason(zone, now, timezone);
		(unavailable ? other : open).push({ zone, metres, words, unavailable });
	}
	return { open: open.sort(byDistance), other: other.sort(byDistance) };
}

export const UNAVAILABLE_WORDS: Record<Unavailable, string> = {
	closed: 'closed',
	full: 'full',
	'outside-hours': 'outside its opening hours'
};

/** What a screen reader hears when the nearest spot changes (not on every metre). */
export function announcement(ranking: Ranking | null): string {
	if (!ranking) return '';
	const [nearest] = ranking.open;
	if (nearest) return `Nearest open safe spot: ${nearest.zone.name}, ${nearest.words}.`;
	return 'No safe spot is open right now.';
}
