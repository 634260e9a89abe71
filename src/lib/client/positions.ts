import type { MarshalPosition } from '$lib/shared/protocol';

/**
 * Each presence batch replaces the whole map (held in $state.raw), so a plain,
 * never-mutated Map is right here: a reactive SvelteMap would track every entry
 * for nothing, about once a second.
 *
 * A batch carries every marshal's position, most of them unchanged since the last one.
 * Given the previous map, an unchanged position keeps its previous object, so what the
 * page derives from one marshal's position (a roster row, say) sees the same value and
 * does no work: only the marshals who moved cost anything.
 */
export function positionMap(
	positions: readonly MarshalPosition[],
	previous?: ReadonlyMap<string, MarshalPosition>
): ReadonlyMap<string, MarshalPosition> {
	const out = new Map<string, MarshalPosition>();
	for (const p of positions) {
		const before = previous?.get(p.marshalId);
		out.set(p.marshalId, before && samePosition(before, p) ? before : p);
	}
	return out;
}

function samePosition(a: MarshalPosition, b: MarshalPosition): boolean {
	return (
		a.at === b.at &&
		a.accuracy === b.accuracy &&
		a.position[0] === b.position[0] &&
		a.position[1] === b.position[1]
	);
}
