import type { Advisory, EventState } from './model';

/**
 * Shown now: neither withdrawn nor past its expiry. Kept apart from the schemas in
 * model.ts so the attendee's page can use it without loading zod.
 */
export const isAdvisoryActive = (a: Advisory, now: Date): boolean =>
	a.withdrawnAt === null && Date.parse(a.expiresAt) > now.getTime();

/** Whether an advisory is meant for this marshal: public, for every marshal, or their sector. */
export function advisoryReaches(
	a: Pick<Advisory, 'audience' | 'sectorId'>,
	marshalId: string,
	state: Pick<EventState, 'marshals'>
): boolean {
	if (a.audience === 'public') return true;
	if (a.sectorId === null) return true;
	return state.marshals[marshalId]?.sectorId === a.sectorId;
}
