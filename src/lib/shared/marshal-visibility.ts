import type { EventState, Incident, JobState } from './model';

/*
 * Which incidents reach a marshal: the rules shared by the event views (views.ts) and the
 * snapshots (state-views.ts), so a phone's live updates and its snapshot can never disagree.
 * (Advisories: advisory-rules.ts.)
 */

export const isOwnReport = (i: Incident, marshalId: string) =>
	i.reportedBy.role === 'marshal' && i.reportedBy.id === marshalId;

const hasJobOn = (i: Incident, marshalId: string, state: EventState) =>
	Object.values(state.jobs).some((j) => j.incidentId === i.id && j.marshalId === marshalId);

/**
 * A job they declined no longer needs the exact place and words. (One taken back keeps
 * them: the marshal may have been on the way, or there, when control withdrew it.)
 */
const DECLINED: JobState = 'declined';
export const holdsJobOn = (i: Incident, marshalId: string, state: EventState) =>
	Object.values(state.jobs).some(
		(j) => j.incidentId === i.id && j.marshalId === marshalId && j.state !== DECLINED
	);

export function marshalMaySee(i: Incident, marshalId: string, state: EventState): boolean {
	if (isOwnReport(i, marshalId) || hasJobOn(i, marshalId, state)) return true;
	const sector = state.marshals[marshalId]?.sectorId ?? null;
	return sector !== null && i.sectorId === sector;
}
