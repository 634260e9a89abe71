/**
 * Which marshals the roster lists: those whose name or sector matches what the organiser
 * typed (any order of words, any case), a page at a time. Pure.
 */
import type { Marshal, Sector } from '$lib/shared/model';

/** Rows rendered at first: a 500-marshal roster in full cost the page a second to hydrate. */
export const ROSTER_PAGE = 50;

export function filterRoster(
	marshals: readonly Marshal[],
	sectors: Readonly<Record<string, Sector>>,
	text: string
): Marshal[] {
	const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [...marshals];
	return marshals.filter((m) => {
		const sector = m.sectorId ? (sectors[m.sectorId]?.name ?? '') : '';
		const hay = `${m.displayName} ${sector}`.toLocaleLowerCase();
		return words.every((w) => hay.includes(w));
	});
}
