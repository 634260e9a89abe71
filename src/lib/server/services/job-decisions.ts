import { JOB_MOVES } from '$lib/shared/incident-fold';
import type { EventState, Incident, IncidentState, Job } from '$lib/shared/model';
import type { JournalEventType } from '$lib/shared/journal';
import type { CommandName } from '$lib/shared/protocol';
import {
	ok,
	ownMarshal,
	refuse,
	type DecideContext,
	type Decision,
	type EventDraft
} from './decision-kit';

/** Incidents in these states take no more work. */
const CLOSED: readonly Incident['state'][] = ['resolved', 'cancelled', 'duplicate', 'referred'];

type JobCommand = Extract<
	CommandName,
	| `job:${string}`
	| 'incident:note'
	| 'incident:link'
	| 'incident:police'
	| 'incident:acknowledge-escalation'
>;

type JobDeciders = { [C in JobCommand]: (ctx: DecideContext<C>) => Decision };

function ownJob(ctx: DecideContext<CommandName>, jobId: string): Job | Decision {
	const m = ownMarshal(ctx);
	if (!m) return refuse('forbidden', 'This phone is no longer signed in as a marshal.');
	const job = ctx.state.jobs[jobId];
	if (!job || job.marshalId !== m.id) return refuse('not-found', 'No such job for you.');
	return job;
}

function move(job: Job, type: JournalEventType, state: EventState): Decision | null {
	if (JOB_MOVES[type]?.includes(job.state)) return null;
	const incident = state.incidents[job.incidentId];
	return refuse(
		'conflict',
		`This job is ${job.state}${incident ? '' : ''} and cannot change that way.`
	);
}

const isJob = (j: Job | Decision): j is Job => 'marshalId' in j;

/**
 * The incident state a job move brings (the fold applies it too), said as its own fact:
 * marshals who hold the incident but not the job never see job events, only this.
 */
function follows(
	incident: Incident | undefined,
	to: IncidentState,
	from: readonly IncidentState[]
): EventDraft[] {
	if (!incident || !from.includes(incident.state)) return [];
	return [
		{ type: 'incident:state-changed', data: { incidentId: incident.id, from: incident.state, to } }
	];
}

/** Dispatch and the marshal's side of a job. */
export const JOB_DECIDERS: JobDeciders = {
	'job:offer': ({ state, command: c, now, settings }) => {
		const incident = state.incidents[c.incidentId];
		if (!incident) return refuse('not-found', 'No such incident.');
		if (CLOSED.includes(incident.state)) {
			return refuse('conflict', `This incident is ${incident.state}; reopen work on a new one.`);
		}
		const ids = new Set<string>();
		const offeredTo = new Set<string>();
		for (const { jobId, marshalId } of c.offers) {
			const m = state.marshals[marshalId];
			if (!m) return refuse('not-found', `No marshal ${marshalId} in this event.`);
			if (m.status === 'off-shift') return refuse('conflict', `${m.displayName} is off shift.`);
			if (state.jobs[jobId] || ids.has(jobId)) return refuse('conflict', 'Duplicate job id.');
			const busy = Object.values(state.jobs).some(
				(j) =>
					j.incidentId === incident.id &&
					j.marshalId === marshalId &&
					['offered', 'accepted', 'on-scene'].includes(j.state)
			);
			if (busy || offeredTo.has(marshalId)) {
				return refuse('conflict', `${m.displayName} already has this job.`);
			}
			ids.add(jobId);
			offeredTo.add(marshalId);
		}
		const respondBy = new Date(now.getTime() + settings.jobAcceptSeconds * 1000).toISOString();
		const brief = {
			category: incident.category,
			severity: incident.severity,
			reportedAt: incident.reportedAt,
			sectorId: incident.sectorId,
			...(incident.position ? { position: incident.position } : {}),
			...(incident.description ? { description: incident.description } : {})
		};
		return ok(
			...c.offers.map(({ jobId, marshalId }) => ({
				type: 'job:offered' as const,
				data: { jobId, incidentId: incident.id, marshalId, respondBy, brief }
			})),
			...follows(incident, 'dispatched', ['reported', 'acknowledged'])
		);
	},

	'job:accept': (ctx) => {
		const job = ownJob(ctx, ctx.command.jobId);
		if (!isJob(job)) return job;
		return (
			move(job, 'job:accepted', ctx.state) ?? ok({ type: 'job:accepted', data: { jobId: job.id } })
		);
	},

	'job:decline': (ctx) => {
		const job = ownJob(ctx, ctx.command.jobId);
		if (!isJob(job)) return job;
		return (
			move(job, 'job:declined', ctx.state) ??
			ok({ type: 'job:declined', data: { jobId: job.id, reason: ctx.command.reason } })
		);
	},

	'job:on-scene': (ctx) => {
		const job = ownJob(ctx, ctx.command.jobId);
		if (!isJob(job)) return job;
		const incident = ctx.state.incidents[job.incidentId];
		return (
			move(job, 'job:on-scene', ctx.state) ??
			ok(
				{ type: 'job:on-scene', data: { jobId: job.id } },
				...follows(incident, 'on-scene', ['reported', 'acknowledged', 'dispatched'])
			)
		);
	},

	'job:resolve': (ctx) => {
		const job = ownJob(ctx, ctx.command.jobId);
		if (!isJob(job)) return job;
		const incident = ctx.state.incidents[job.incidentId];
		const open: IncidentState[] = ['reported', 'acknowledged', 'dispatched', 'on-scene'];
		return (
			move(job, 'job:resolved', ctx.state) ??
			ok(
				{ type: 'job:resolved', data: { jobId: job.id, outcome: ctx.command.outcome } },
				...follows(incident, 'resolved', open)
			)
		);
	},

	'job:withdraw': ({ state, command: c }) => {
		const job = state.jobs[c.jobId];
		if (!job) return refuse('not-found', 'No such job.');
		return (
			move(job, 'job:withdrawn', state) ??
			ok({
				type: 'job:withdrawn',
				data: { jobId: job.id, ...(c.reason ? { reason: c.reason } : {}) }
			})
		);
	},

	'incident:note': ({ state, command: c }) => {
		if (!state.incidents[c.incidentId]) return refuse('not-found', 'No such incident.');
		if (state.incidents[c.incidentId].notes.some((n) => n.id === c.noteId)) {
			return refuse('conflict', 'This note already exists.');
		}
		return ok({
			type: 'incident:noted',
			data: { incidentId: c.incidentId, noteId: c.noteId, text: c.text }
		});
	},

	'incident:link': ({ state, command: c }) => {
		const a = state.incidents[c.incidentId];
		if (!a || !state.incidents[c.otherId]) return refuse('not-found', 'No such incident.');
		if (c.incidentId === c.otherId) return refuse('invalid', 'An incident cannot link to itself.');
		if (a.links.includes(c.otherId)) return refuse('conflict', 'These are already linked.');
		return ok({ type: 'incident:linked', data: { incidentId: c.incidentId, otherId: c.otherId } });
	},

	'incident:police': ({ state, command: c, now }) => {
		const incident = state.incidents[c.incidentId];
		if (!incident) return refuse('not-found', 'No such incident.');
		if (incident.police.some((p) => p.id === c.entryId)) {
			return refuse('conflict', 'This entry already exists.');
		}
		if (c.occurredAt && Date.parse(c.occurredAt) > now.getTime() + 60_000) {
			return refuse('invalid', 'That time is in the future.');
		}
		return ok({
			type: 'incident:police-logged',
			data: {
				incidentId: c.incidentId,
				entryId: c.entryId,
				kind: c.kind,
				...(c.occurredAt ? { occurredAt: c.occurredAt } : {}),
				...(c.reason ? { reason: c.reason } : {})
			}
		});
	},

	'incident:acknowledge-escalation': ({ state, command: c }) => {
		const incident = state.incidents[c.incidentId];
		if (!incident) return refuse('not-found', 'No such incident.');
		if (!incident.escalation) return refuse('conflict', 'Nothing to acknowledge.');
		return ok({ type: 'incident:escalation-acknowledged', data: { incidentId: c.incidentId } });
	}
};
