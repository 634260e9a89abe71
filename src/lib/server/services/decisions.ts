import { pointInRing } from '$lib/shared/geo';
import { INCIDENT_TRANSITIONS, type EventState } from '$lib/shared/model';
import { ok, ownMarshal, refuse, type Deciders } from './decision-kit';
import { JOB_DECIDERS } from './job-decisions';
import { AWARENESS_DECIDERS } from './awareness-decisions';
import { ESCORT_DECIDERS } from './escort-decisions';

export type { CommandActor, DecideContext, Decision, EventDraft } from './decision-kit';

const NOT_ENROLLED = 'This phone is no longer signed in as a marshal.';

/**
 * Business rules: given the state and a valid command, which facts follow.
 * Pure apart from session lookups; the command service appends what they return.
 */
export const DECIDERS = {
	'zone:set-status': ({ state, command }) => {
		if (!state.zones[command.zoneId]) return refuse('not-found', 'No such safe zone.');
		const { zoneId, status, verified } = command;
		return ok({ type: 'zone:status-set', data: { zoneId, status, verified } });
	},

	'marshal:start-shift': (ctx) => {
		const m = ownMarshal(ctx);
		if (!m) return refuse('forbidden', NOT_ENROLLED);
		if (m.status !== 'off-shift') return refuse('conflict', 'Your shift has already started.');
		return ok({ type: 'marshal:shift-started', data: { marshalId: m.id } });
	},

	'marshal:end-shift': (ctx) => {
		const m = ownMarshal(ctx);
		if (!m) return refuse('forbidden', NOT_ENROLLED);
		if (m.status === 'off-shift') return refuse('conflict', 'You are not on shift.');
		return ok({ type: 'marshal:shift-ended', data: { marshalId: m.id } });
	},

	'marshal:set-status': (ctx) => {
		const m = ownMarshal(ctx);
		if (!m) return refuse('forbidden', NOT_ENROLLED);
		if (m.status === 'off-shift') return refuse('conflict', 'Start your shift first.');
		if (m.status === 'on-job') return refuse('conflict', 'Finish or hand back your job first.');
		return ok({
			type: 'marshal:status-set',
			data: { marshalId: m.id, status: ctx.command.status }
		});
	},

	'incident:report': async (ctx) => {
		const m = ownMarshal(ctx);
		if (!m) return refuse('forbidden', NOT_ENROLLED);
		const { command: c, state } = ctx;
		if (state.incidents[c.incidentId]) {
			return refuse('conflict', 'An incident with this id already exists.');
		}
		if (!c.position && !c.description) {
			return refuse('invalid', 'Give a position or a short description of where it is.');
		}
		// The phone uploads the photo before it sends the report: one that is not stored, or
		// is someone else's, is refused rather than shown to the control room as this report's.
		if (c.photoId && (await ctx.photoOwner(c.photoId)) !== m.id) {
			return refuse('invalid', 'The photo has not reached the control room yet.');
		}
		const sectorId = c.position ? sectorAt(state, c.position) : m.sectorId;
		return ok({
			type: 'incident:reported',
			data: {
				incidentId: c.incidentId,
				category: c.category,
				severity: c.severity,
				onBehalf: c.onBehalf,
				sectorId: sectorId ?? m.sectorId,
				...(c.position ? { position: c.position } : {}),
				...(c.description ? { description: c.description } : {}),
				...(c.photoId ? { photoId: c.photoId } : {})
			}
		});
	},

	'incident:transition': ({ state, command: c }) => {
		const incident = state.incidents[c.incidentId];
		if (!incident) return refuse('not-found', 'No such incident.');
		if (!INCIDENT_TRANSITIONS[incident.state].includes(c.to)) {
			return refuse('conflict', `An incident that is ${incident.state} cannot become ${c.to}.`);
		}
		if (c.to === 'duplicate') {
			if (!c.duplicateOf || c.duplicateOf === c.incidentId || !state.incidents[c.duplicateOf]) {
				return refuse('invalid', 'Name the original incident this one duplicates.');
			}
		}
		return ok({
			type: 'incident:state-changed',
			data: {
				incidentId: c.incidentId,
				from: incident.state,
				to: c.to,
				...(c.reason ? { reason: c.reason } : {}),
				...(c.to === 'duplicate' && c.duplicateOf ? { duplicateOf: c.duplicateOf } : {})
			}
		});
	},

	'advisory:post': ({ state, command: c, now }) => {
		if (state.advisories[c.advisoryId]) return refuse('conflict', 'This advisory already exists.');
		if (c.sectorId && !state.sectors[c.sectorId]) return refuse('not-found', 'No such sector.');
		if (c.audience === 'public' && c.sectorId) {
			return refuse('invalid', 'Public advisories go to everyone; choose no sector.');
		}
		const expiresAt = new Date(now.getTime() + c.expiresInMinutes * 60_000).toISOString();
		return ok({
			type: 'advisory:posted',
			data: {
				advisoryId: c.advisoryId,
				audience: c.audience,
				sectorId: c.sectorId,
				text: c.text,
				expiresAt
			}
		});
	},

	'advisory:withdraw': ({ state, command: c }) => {
		if (!state.advisories[c.advisoryId]) return refuse('not-found', 'No such advisory.');
		return ok({ type: 'advisory:withdrawn', data: { advisoryId: c.advisoryId } });
	},

	'device:revoke': async ({ command: c, actor, findSession }) => {
		const session = await findSession(c.deviceId);
		if (!session || session.eventId !== actor.eventId || session.role !== 'marshal') {
			return refuse('not-found', 'No such marshal phone in this event.');
		}
		return ok({
			type: 'device:revoked',
			data: { deviceId: session.id, marshalId: session.subjectId }
		});
	},

	...JOB_DECIDERS,
	...AWARENESS_DECIDERS,
	...ESCORT_DECIDERS
} satisfies Deciders;

function sectorAt(state: EventState, p: [number, number]): string | null {
	for (const s of Object.values(state.sectors)) if (pointInRing(p, s.ring)) return s.id;
	return null;
}
