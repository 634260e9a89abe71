import type { JournalEvent } from './journal';
import { busyElsewhere } from './marshal-busy';
import {
	CATEGORY_LABELS,
	isFinalState,
	PHOTO_DELETED,
	POLICE_LABELS,
	type EventState,
	type Incident,
	type Job,
	type JobState,
	type Marshal
} from './model';
import { setEntry } from './records';

/**
 * The incident and job part of the fold. Every change to an incident also adds a
 * line to its timeline (who, when, what), which is the record read the next day.
 */

type IncidentEvent = Extract<JournalEvent, { type: `incident:${string}` | `job:${string}` }>;

export function isIncidentEvent(e: JournalEvent): e is IncidentEvent {
	return e.type.startsWith('incident:') || e.type.startsWith('job:');
}

export function foldIncident(s: EventState, e: IncidentEvent): EventState {
	switch (e.type) {
		case 'incident:reported': {
			const d = e.data;
			const incident: Incident = {
				id: d.incidentId,
				category: d.category,
				severity: d.severity,
				state: 'reported',
				onBehalf: d.onBehalf,
				reportedAt: e.at,
				reportedBy: e.actor,
				sectorId: d.sectorId,
				updatedAt: e.at,
				notes: [],
				links: [],
				police: [],
				timeline: [],
				escalation: null,
				...(d.position ? { position: d.position } : {}),
				...(d.description ? { description: d.description } : {}),
				...(d.photoId ? { photoId: d.photoId } : {})
			};
			const summary = `Reported: ${CATEGORY_LABELS[d.category]}, severity ${d.severity}`;
			return withIncident(s, withLine(incident, e, summary));
		}
		case 'incident:state-changed': {
			const { incidentId, from, to, reason, duplicateOf } = e.data;
			return updateIncident(s, incidentId, (i) => {
				const next: Incident = { ...i, state: to, updatedAt: e.at };
				if (duplicateOf) next.duplicateOf = duplicateOf;
				// Acknowledging or closing the incident answers any escalation: nobody is left waiting.
				if (to !== 'reported' && to !== 'dispatched') next.escalation = null;
				const why = reason ? ` (${reason})` : '';
				const dup = duplicateOf ? ` of ${duplicateOf}` : '';
				// The event's own `from`: a job move that brought this state has already applied
				// it (job:offered, job:on-scene…), and the record must not read "dispatched → dispatched".
				return withLine(next, e, `State: ${from} → ${to}${dup}${why}`);
			});
		}
		case 'incident:noted':
			return updateIncident(s, e.data.incidentId, (i) =>
				withLine(
					{
						...i,
						notes: [...i.notes, { id: e.data.noteId, at: e.at, actor: e.actor, text: e.data.text }]
					},
					e,
					'Note added'
				)
			);
		case 'incident:linked': {
			const { incidentId, otherId } = e.data;
			if (!s.incidents[incidentId] || !s.incidents[otherId] || incidentId === otherId) return s;
			const link = (i: Incident, other: string) =>
				i.links.includes(other)
					? i
					: withLine({ ...i, links: [...i.links, other] }, e, `Linked with ${other}`);
			const a = updateIncident(s, incidentId, (i) => link(i, otherId));
			return updateIncident(a, otherId, (i) => link(i, incidentId));
		}
		case 'incident:police-logged': {
			const { incidentId, entryId, kind, occurredAt, reason } = e.data;
			return updateIncident(s, incidentId, (i) => {
				const entry = {
					id: entryId,
					kind,
					occurredAt: occurredAt ?? e.at,
					loggedAt: e.at,
					loggedBy: e.actor,
					...(reason ? { reason } : {})
				};
				const why = reason ? `: ${reason}` : '';
				return withLine({ ...i, police: [...i.police, entry] }, e, `${POLICE_LABELS[kind]}${why}`);
			});
		}
		case 'incident:photo-deleted':
			return updateIncident(s, e.data.incidentId, (i) =>
				i.photoId === e.data.photoId && !i.photoDeletedAt
					? withLine({ ...i, photoDeletedAt: e.at }, e, PHOTO_DELETED)
					: i
			);
		case 'incident:escalation-acknowledged':
			return updateIncident(s, e.data.incidentId, (i) =>
				i.escalation ? withLine({ ...i, escalation: null }, e, 'Escalation acknowledged') : i
			);
		default:
			return foldJob(s, e);
	}
}

function foldJob(s: EventState, e: IncidentEvent): EventState {
	if (e.type === 'job:offered') {
		const { jobId, incidentId, marshalId, respondBy, brief } = e.data;
		if (s.jobs[jobId]) return s;
		const incident = withBrief(s.incidents[incidentId], incidentId, brief, e);
		const job: Job = {
			id: jobId,
			incidentId,
			marshalId,
			state: 'offered',
			offeredAt: e.at,
			respondBy,
			updatedAt: e.at
		};
		const name = s.marshals[marshalId]?.displayName ?? marshalId;
		const dispatched = ['reported', 'acknowledged'].includes(incident.state);
		const next = withLine(
			{
				...incident,
				escalation: null,
				updatedAt: e.at,
				state: dispatched ? 'dispatched' : incident.state
			},
			e,
			`Job offered to ${name}`
		);
		return { ...withIncident(s, next), jobs: setEntry(s.jobs, jobId, job) };
	}
	if (!('jobId' in e.data)) return s;
	const job = s.jobs[e.data.jobId];
	// Only moves the job may make from where it is: a timeout racing an accept from
	// another process, or any late duplicate, folds to nothing.
	if (!job || !JOB_MOVES[e.type]?.includes(job.state)) return s;
	const incident = s.incidents[job.incidentId];
	const name = s.marshals[job.marshalId]?.displayName ?? job.marshalId;
	let nextJob: Job = { ...job, updatedAt: e.at };
	let inc: Incident | undefined = incident;
	let marshalStatus: Marshal['status'] | null = null;
	switch (e.type) {
		case 'job:accepted':
			nextJob = setState(nextJob, 'accepted');
			marshalStatus = 'on-job';
			if (inc) inc = taken(withLine(inc, e, `${name} accepted`), job);
			break;
		case 'job:declined':
			nextJob = { ...setState(nextJob, 'declined'), reason: e.data.reason };
			if (inc) {
				inc = withLine(inc, e, `${name} declined: ${e.data.reason}`);
				inc = { ...inc, escalation: { reason: 'declined', at: e.at, jobId: job.id } };
			}
			break;
		case 'job:timed-out':
			nextJob = setState(nextJob, 'timed-out');
			if (inc) {
				inc = withLine(inc, e, `No answer from ${name} in time`);
				inc = { ...inc, escalation: { reason: 'timed-out', at: e.at, jobId: job.id } };
			}
			break;
		case 'job:on-scene':
			nextJob = setState(nextJob, 'on-scene');
			marshalStatus = 'on-job';
			if (inc) {
				inc = taken(withLine(inc, e, `${name} on scene`), job);
				if (['reported', 'acknowledged', 'dispatched'].includes(inc.state)) {
					inc = { ...inc, state: 'on-scene' };
				}
			}
			break;
		case 'job:resolved':
			nextJob = { ...setState(nextJob, 'resolved'), outcome: e.data.outcome };
			marshalStatus = 'available';
			if (inc) {
				inc = withLine(inc, e, `${name} resolved: ${e.data.outcome}`);
				if (!['resolved', 'cancelled', 'duplicate', 'referred'].includes(inc.state)) {
					inc = { ...inc, state: 'resolved' };
				}
			}
			break;
		case 'job:withdrawn':
			nextJob = {
				...setState(nextJob, 'withdrawn'),
				...(e.data.reason ? { reason: e.data.reason } : {})
			};
			if (job.state === 'accepted' || job.state === 'on-scene') marshalStatus = 'available';
			if (inc) inc = withLine(inc, e, `Job withdrawn from ${name}`);
			break;
		default:
			return s;
	}
	let next: EventState = { ...s, jobs: setEntry(s.jobs, job.id, nextJob) };
	if (inc) next = withIncident(next, { ...inc, updatedAt: e.at });
	const marshal = s.marshals[job.marshalId];
	// Still at work on another job they took: not available yet.
	if (marshalStatus === 'available' && busyElsewhere(s, job.marshalId, job.id))
		marshalStatus = null;
	// A marshal off shift stays off shift; otherwise their status follows their job.
	if (marshalStatus && marshal && marshal.status !== 'off-shift') {
		next = {
			...next,
			marshals: setEntry<Marshal>(next.marshals, marshal.id, { ...marshal, status: marshalStatus })
		};
	}
	return next;
}

const setState = (j: Job, state: JobState): Job => ({ ...j, state });

/** A late answer to an offer that timed out: the job is taken after all, the alarm is over. */
const taken = (i: Incident, job: Job): Incident =>
	i.escalation?.jobId === job.id ? { ...i, escalation: null } : i;

/** From which states each job event may move a job. Services check the same table. */
export const JOB_MOVES: Partial<Record<JournalEvent['type'], readonly JobState[]>> = {
	'job:accepted': ['offered', 'timed-out'],
	'job:declined': ['offered', 'timed-out'],
	'job:timed-out': ['offered'],
	'job:on-scene': ['offered', 'timed-out', 'accepted'],
	'job:resolved': ['accepted', 'on-scene'],
	'job:withdrawn': ['offered', 'timed-out', 'accepted', 'on-scene']
};

type Brief = Extract<JournalEvent, { type: 'job:offered' }>['data']['brief'];

/** The incident as the offer describes it: precise where the holder had only a coarse copy. */
function withBrief(i: Incident | undefined, id: string, b: Brief, e: JournalEvent): Incident {
	const base: Incident = i ?? {
		id,
		category: b.category,
		severity: b.severity,
		state: 'reported',
		onBehalf: false,
		reportedAt: b.reportedAt,
		reportedBy: { role: 'system' },
		sectorId: b.sectorId,
		updatedAt: e.at,
		notes: [],
		links: [],
		police: [],
		timeline: [],
		escalation: null
	};
	return {
		...base,
		...(b.position ? { position: b.position } : {}),
		...(b.description ? { description: b.description } : {})
	};
}

function withLine(i: Incident, e: JournalEvent, summary: string): Incident {
	return {
		...i,
		timeline: [...i.timeline, { seq: e.seq, at: e.at, actor: e.actor, type: e.type, summary }]
	};
}

/**
 * Every change goes through here, so this is where an incident that has just reached a final
 * state gets its `closedAt`: its `updatedAt`, which each state move sets to its event's time.
 */
function withIncident(s: EventState, i: Incident): EventState {
	const next =
		i.closedAt === undefined && isFinalState(i.state) ? { ...i, closedAt: i.updatedAt } : i;
	return { ...s, incidents: setEntry(s.incidents, i.id, next) };
}

function updateIncident(s: EventState, id: string, f: (i: Incident) => Incident): EventState {
	const i = s.incidents[id];
	return i ? withIncident(s, f(i)) : s;
}
