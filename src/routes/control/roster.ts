/**
 * Which marshals the roster lists: those whose name or sector matches what the organiser
 * typed (any order of words, any case), a page at a time; and the job each is on. Pure.
 */
import type { Job, Marshal, Sector } from '$lib/shared/model';
import { OPEN_JOB_STATES } from '$lib/shared/vocabulary';

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

/** Each marshal's current job: one they are working on before one merely offered. */
export function currentJobs(jobs: Readonly<Record<string, Job>>): Record<string, Job> {
	const rank = (j: Job) => (j.state === 'offered' ? 0 : 1);
	const out: Record<string, Job> = {};
	for (const j of Object.values(jobs)) {
		if (!OPEN_JOB_STATES.includes(j.state)) continue;
		const had = out[j.marshalId];
		if (!had || rank(j) > rank(had) || (rank(j) === rank(had) && j.offeredAt > had.offeredAt)) {
			out[j.marshalId] = j;
		}
	}
	return out;
}
