import type { Escort } from '$lib/shared/escort';
import { byCodePoint } from '$lib/shared/text-order';

/**
 * A marshal's escorts, as their phone holds them (views.ts gives a marshal only escorts
 * offered to them): which need an answer, which are theirs under way, and which are new.
 */

/** Waiting for this marshal: still asked, not declined by them. */
export const awaitsAnswer = (e: Escort, marshalId: string) =>
	e.state === 'requested' && e.offeredTo.includes(marshalId) && !e.declinedBy.includes(marshalId);

/** Accepted by this marshal and not finished. */
export const isMine = (e: Escort, marshalId: string) =>
	e.marshalId === marshalId && (e.state === 'accepted' || e.state === 'walking');

/** Offers first (newest first), then the ones under way. */
export function openEscorts(escorts: Record<string, Escort>, marshalId: string): Escort[] {
	const all = Object.values(escorts);
	const offers = all
		.filter((e) => awaitsAnswer(e, marshalId))
		.sort((a, b) => byCodePoint(b.requestedAt, a.requestedAt));
	const mine = all.filter((e) => isMine(e, marshalId));
	return [...mine, ...offers];
}

/** Offers not alerted yet; returns them and the new set of alerted ids (plain, for effects). */
export function newOffers(seen: ReadonlySet<string>, open: readonly Escort[], marshalId: string) {
	const fresh = open.filter((e) => awaitsAnswer(e, marshalId) && !seen.has(e.id));
	const next = new Set(seen);
	for (const e of fresh) next.add(e.id);
	return { fresh, seen: next };
}

/** Their walks that ended, latest first: a short record (the positions go after retention). */
export function finishedEscorts(
	escorts: Record<string, Escort>,
	marshalId: string,
	limit = 3
): Escort[] {
	return Object.values(escorts)
		.filter((e) => e.marshalId === marshalId && e.closedAt !== null)
		.sort((a, b) => byCodePoint(b.closedAt ?? '', a.closedAt ?? ''))
		.slice(0, limit);
}
