import type { EventState, Incident, Job, JobState } from './model';
import { isDraft } from './records';

/*
 * Which incidents reach a marshal: the rules shared by the event views (views.ts) and the
 * snapshots (state-views.ts), so a phone's live updates and its snapshot can never disagree.
 * (Advisories: advisory-rules.ts.)
 */

export const isOwnReport = (i: Incident, marshalId: string) =>
	i.reportedBy.role === 'marshal' && i.reportedBy.id === marshalId;

const byIncident = new WeakMap<EventState['jobs'], Map<string, Job[]>>();

/**
 * The jobs on one incident, from an index built once per version of the jobs record (the
 * fold copies that record on every change, and never writes to it after its batch). Scanning
 * every job for every incident made a marshal's snapshot take two seconds on a night of 5,000
 * incidents and 2,000 jobs, and every phone's delivery of every report scanned them all too.
 */
function jobsOn(incidentId: string, state: EventState): readonly Job[] {
	let index = byIncident.get(state.jobs);
	if (!index) {
		index = new Map();
		for (const job of Object.values(state.jobs)) {
			const list = index.get(job.incidentId);
			if (list) list.push(job);
			else index.set(job.incidentId, [job]);
		}
		// A record still being folded may change yet: its index is used once, not kept.
		if (!isDraft(state.jobs)) byIncident.set(state.jobs, index);
	}
	return index.get(incidentId) ?? [];
}

const hasJobOn = (i: Incident, marshalId: string, state: EventState) =>
	jobsOn(i.id, state).some((j) => j.marshalId === marshalId);

/**
 * A job they declined no longer needs the exact place and words. (One taken back keeps
 * them: the marshal may have been on the way, or there, when control withdrew it.)
 */
const DECLINED: JobState = 'declined';
export const holdsJobOn = (i: Incident, marshalId: string, state: EventState) =>
	jobsOn(i.id, state).some((j) => j.marshalId === marshalId && j.state !== DECLINED);

export function marshalMaySee(i: Incident, marshalId: string, state: EventState): boolean {
	if (isOwnReport(i, marshalId) || hasJobOn(i, marshalId, state)) return true;
	const sector = state.marshals[marshalId]?.sectorId ?? null;
	return sector !== null && i.sectorId === sector;
}
