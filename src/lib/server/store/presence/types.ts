import type { LngLat } from '$lib/shared/geo';
import type { MarshalPosition } from '$lib/shared/protocol';

/**
 * Where marshals are right now: high-rate, superseded data that never goes through the
 * journal (see docs/ARCHITECTURE.md). Each marshal has one latest position per event;
 * entries older than the time-to-live are dropped on read and pruned. Embedded (memory)
 * and scaled (Redis GEO) implementations pass one contract suite
 * (tests/integration/presence-contract.test.ts). Positions are never logged.
 */
export interface PresenceStore {
	readonly kind: 'memory' | 'redis';
	/**
	 * Keeps `p` as the marshal's latest position. A position older than the one held (a
	 * late packet) or already past the time-to-live is ignored. Throws a RangeError for a
	 * time that does not parse or a latitude beyond ±MAX_LATITUDE.
	 */
	put(eventId: string, p: MarshalPosition): Promise<void>;
	/**
	 * `put` for each position in order, in one round trip on Redis. Every position is checked
	 * first: a RangeError for any of them stores none.
	 */
	putMany(eventId: string, ps: readonly MarshalPosition[]): Promise<void>;
	/** Every fresh position of the event, ordered by marshal id. */
	all(eventId: string): Promise<MarshalPosition[]>;
	remove(eventId: string, marshalId: string): Promise<void>;
	/** Fresh positions within `maxMetres` of `point`, nearest first, at most `limit`. */
	nearest(eventId: string, point: LngLat, opts: NearestOptions): Promise<Nearby[]>;
	close(): Promise<void>;
}

export type NearestOptions = { limit: number; maxMetres: number };
export type Nearby = { marshalId: string; distanceMetres: number };

export type PresenceOptions = {
	/** How long a position counts as fresh; default PRESENCE_TTL_MS. */
	ttlMs?: number;
	/** The clock, in epoch ms (tests). */
	now?: () => number;
};

/** A phone that stopped reporting for this long is no longer shown anywhere. */
export const PRESENCE_TTL_MS = 30 * 60_000;

/** Web Mercator maps, and Redis GEO sets, stop at this latitude. */
export const MAX_LATITUDE = 85.05112878;

/** The time of a position in epoch ms, after checking what both stores need. */
export function positionTime(p: MarshalPosition): number {
	const atMs = Date.parse(p.at);
	if (!Number.isFinite(atMs)) throw new RangeError('position time is not a date');
	const [lng, lat] = p.position;
	if (!(Math.abs(lat) <= MAX_LATITUDE) || !(Math.abs(lng) <= 180)) {
		throw new RangeError('position is outside the mappable range');
	}
	return atMs;
}

/** Only the fields a position has: stored by allow-list, never with whatever else came along. */
export const cleanPosition = (p: MarshalPosition): MarshalPosition => ({
	marshalId: p.marshalId,
	position: [p.position[0], p.position[1]],
	accuracy: p.accuracy,
	at: p.at
});

export const byMarshalId = (a: { marshalId: string }, b: { marshalId: string }) =>
	a.marshalId < b.marshalId ? -1 : a.marshalId > b.marshalId ? 1 : 0;
