import type { MarshalPosition } from '$lib/shared/protocol';

/**
 * Each presence batch replaces the whole map (held in $state.raw), so a plain,
 * never-mutated Map is right here: a reactive SvelteMap would track every entry
 * for nothing, about once a second.
 */
export function positionMap(
	positions: readonly MarshalPosition[]
): ReadonlyMap<string, MarshalPosition> {
	return new Map(positions.map((p) => [p.marshalId, p]));
}
