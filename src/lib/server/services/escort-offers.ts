import { distanceMetres, type LngLat } from '$lib/shared/geo';
import type { Escort } from '$lib/shared/escort';
import type { EventState, MarshalStatus } from '$lib/shared/model';
import type { MarshalPosition } from '$lib/shared/protocol';

/** The first offer goes to two marshals, so two can go together where possible. */
export const FIRST_OFFER_SIZE = 2;
/** Each widening asks this many more. */
export const WIDEN_SIZE = 6;
/** After this many unanswered rounds the request stops widening; the alarm stays until answered. */
export const MAX_ROUNDS = 3;

/**
 * Whom to ask, nearest first: marshals on shift in `statuses`, not already asked; those
 * without a fresh position come after those with one (then by id, so the choice is stable).
 */
export function chooseMarshals(
	state: EventState,
	positions: readonly MarshalPosition[],
	/** Null only once positions were deleted; then nobody is nearer than anyone else. */
	pickup: LngLat | null,
	opts: { exclude: readonly string[]; limit: number; statuses: readonly MarshalStatus[] }
): string[] {
	const seen = new Map(positions.map((p) => [p.marshalId, p.position]));
	const candidates = Object.values(state.marshals)
		.filter((m) => opts.statuses.includes(m.status) && !opts.exclude.includes(m.id))
		.map((m) => {
			const at = seen.get(m.id);
			return { id: m.id, d: at && pickup ? distanceMetres(pickup, at) : Infinity };
		});
	candidates.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return candidates.slice(0, opts.limit).map((c) => c.id);
}

/** What every offer carries: where to go and how to recognise them, never the device. */
export function briefOf(e: Escort) {
	return {
		pickup: e.pickup,
		requestedAt: e.requestedAt,
		...(e.destination ? { destination: e.destination } : {}),
		...(e.destinationPosition ? { destinationPosition: e.destinationPosition } : {}),
		...(e.description ? { description: e.description } : {})
	};
}
