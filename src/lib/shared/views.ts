import { z } from 'zod';
import { isHazardActive } from './awareness';
import { coarsen } from './geo';
import { JOURNAL_EVENTS, type JournalEvent, type JournalEventType } from './journal';
import type { EventState, Incident, JobState } from './model';
import { marshalEscortData, marshalEscorts } from './escort-views';
import { advisoryReaches } from './advisory-rules';

export { advisoryReaches };

export { publicEscortView, ownEscort } from './escort-views';

/**
 * Who is looking. One module decides what each audience may see; everything
 * that leaves the server passes through here, built by allow-list.
 */
export type Audience =
	| { role: 'organiser' }
	| { role: 'marshal'; marshalId: string }
	| { role: 'public'; sessionId: string };

/**
 * Event types the public may ever receive. Incidents, marshals, devices and escorts never:
 * a visitor learns of their own escort only through `escort:status` (publicEscortView).
 */
const PUBLIC_TYPES: ReadonlySet<JournalEventType> = new Set([
	'event:configured',
	'route:set',
	'sector:set',
	'zone:set',
	'zone:status-set',
	'advisory:posted',
	'advisory:withdrawn'
]);

const MARSHAL_SHARED_TYPES: ReadonlySet<JournalEventType> = PUBLIC_TYPES;

/** Outside the control room an actor is only a role: no organiser or device ids. */
const PublicActor = z.object({ role: z.enum(['organiser', 'marshal', 'public', 'system']) });

/** What a marshal may see of a state change on someone else's report. */
const MarshalStateChangeData = JOURNAL_EVENTS['incident:state-changed'].omit({ reason: true });

/** Incident fields a marshal may see of someone else's report in their sector. */
const MarshalIncidentData = JOURNAL_EVENTS['incident:reported'].omit({
	description: true,
	photoId: true
});

/** `self` keeps the actor's id when it is the viewer's own: how a marshal knows their reports. */
function shaped(event: JournalEvent, data: unknown, self?: string): JournalEvent {
	const own = self !== undefined && event.actor.id === self;
	return {
		seq: event.seq,
		id: event.id,
		type: event.type,
		at: event.at,
		actor: own ? { role: event.actor.role, id: self } : PublicActor.parse(event.actor),
		data
	} as JournalEvent;
}

/**
 * The event as `audience` may see it, or null when they may not see it at all.
 * `state` is the fold including this event (so an incident's sector is known).
 */
export function viewEvent(
	audience: Audience,
	event: JournalEvent,
	state: EventState
): JournalEvent | null {
	if (audience.role === 'organiser') return event;
	if (audience.role === 'public') {
		if (!PUBLIC_TYPES.has(event.type)) return null;
		if (event.type === 'advisory:posted' && event.data.audience !== 'public') return null;
		if (event.type === 'advisory:withdrawn') {
			// Only withdrawals of advisories this audience was sent: an id is still a leak.
			if (state.advisories[event.data.advisoryId]?.audience !== 'public') return null;
		}
		return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data));
	}
	return viewForMarshal(audience.marshalId, event, state);
}

function viewForMarshal(
	marshalId: string,
	event: JournalEvent,
	state: EventState
): JournalEvent | null {
	if (MARSHAL_SHARED_TYPES.has(event.type)) {
		if (event.type === 'advisory:posted' && !advisoryReaches(event.data, marshalId, state)) {
			return null;
		}
		if (event.type === 'advisory:withdrawn') {
			const advisory = state.advisories[event.data.advisoryId];
			if (!advisory || !advisoryReaches(advisory, marshalId, state)) return null;
		}
		return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId);
	}
	switch (event.type) {
		case 'marshal:added':
		case 'marshal:shift-started':
		case 'marshal:shift-ended':
		case 'marshal:status-set':
		case 'device:enrolled':
		case 'device:revoked':
			return event.data.marshalId === marshalId
				? shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId)
				: null;
		case 'incident:reported': {
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !marshalMaySee(incident, marshalId, state)) return null;
			if (isOwnReport(incident, marshalId)) {
				return shaped(event, JOURNAL_EVENTS['incident:reported'].parse(event.data), marshalId);
			}
			const data = MarshalIncidentData.parse(event.data);
			return shaped(
				event,
				data.position ? { ...data, position: coarsen(data.position) } : data,
				marshalId
			);
		}
		case 'incident:state-changed': {
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !marshalMaySee(incident, marshalId, state)) return null;
			const data = JOURNAL_EVENTS['incident:state-changed'].parse(event.data);
			if (isOwnReport(incident, marshalId)) return shaped(event, data, marshalId);
			// An organiser's stated reason can name people; colleagues get the state only.
			return shaped(event, MarshalStateChangeData.parse(data), marshalId);
		}
		case 'incident:photo-deleted': {
			// The reporter's phone is the only one that knows the photo's id.
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !isOwnReport(incident, marshalId)) return null;
			return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId);
		}
		case 'job:offered':
		case 'job:accepted':
		case 'job:declined':
		case 'job:timed-out':
		case 'job:on-scene':
		case 'job:resolved':
		case 'job:withdrawn': {
			// A marshal sees their own jobs, whole (the offer carries what they need to go there).
			const job = state.jobs[event.data.jobId];
			if (job?.marshalId !== marshalId) return null;
			return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId);
		}
		case 'hazard:marked':
		case 'hazard:cleared':
			// Every marshal gets hazards: the phone alone decides whether it is near enough to alert.
			return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId);
		case 'advisory:received':
			// Who else has a broadcast is the control room's business; the phone knows its own.
			return event.data.marshalId === marshalId
				? shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId)
				: null;
		case 'escort:offered':
		case 'escort:accepted':
		case 'escort:declined':
		case 'escort:walking':
		case 'escort:arrived':
		case 'escort:cancelled':
		case 'escort:positions-deleted': {
			const data = marshalEscortData(marshalId, event, state);
			return data === null ? null : shaped(event, data, marshalId);
		}
		default:
			// Notes, links, police entries and escalations are the control room's record.
			return null;
	}
}

const isOwnReport = (i: Incident, marshalId: string) =>
	i.reportedBy.role === 'marshal' && i.reportedBy.id === marshalId;

const hasJobOn = (i: Incident, marshalId: string, state: EventState) =>
	Object.values(state.jobs).some((j) => j.incidentId === i.id && j.marshalId === marshalId);

/**
 * A job they declined no longer needs the exact place and words. (One taken back keeps
 * them: the marshal may have been on the way, or there, when control withdrew it.)
 */
const DECLINED: JobState = 'declined';
const holdsJobOn = (i: Incident, marshalId: string, state: EventState) =>
	Object.values(state.jobs).some(
		(j) => j.incidentId === i.id && j.marshalId === marshalId && j.state !== DECLINED
	);

function marshalMaySee(i: Incident, marshalId: string, state: EventState): boolean {
	if (isOwnReport(i, marshalId) || hasJobOn(i, marshalId, state)) return true;
	const sector = state.marshals[marshalId]?.sectorId ?? null;
	return sector !== null && i.sectorId === sector;
}

/** The whole state as `audience` may see it: the snapshot a page starts from. */
export function viewState(audience: Audience, state: EventState): EventState {
	if (audience.role === 'organiser') return organiserState(state);
	const base: EventState = {
		eventId: state.eventId,
		seq: state.seq,
		info: state.info,
		route: state.route,
		sectors: state.sectors,
		zones: state.zones,
		marshals: {},
		incidents: {},
		jobs: {},
		advisories: {},
		hazards: {},
		escorts: {},
		escortRefusals: {}
	};
	if (audience.role === 'public') {
		base.advisories = mapValues(
			pick(state.advisories, (a) => !a.withdrawnAt && a.audience === 'public'),
			(a) => ({ ...a, receivedBy: {} })
		);
		return base;
	}
	const { marshalId } = audience;
	const me = state.marshals[marshalId];
	if (me) base.marshals = { [me.id]: me };
	base.advisories = mapValues(
		pick(state.advisories, (a) => !a.withdrawnAt && advisoryReaches(a, marshalId, state)),
		(a) => ({ ...a, receivedBy: ownReceipt(a.receivedBy, marshalId) })
	);
	// Only hazards still in force: a snapshot is where a fresh phone starts.
	const now = new Date();
	base.hazards = pick(state.hazards, (h) => isHazardActive(h, now));
	base.incidents = {};
	for (const i of Object.values(state.incidents)) {
		if (!marshalMaySee(i, marshalId, state)) continue;
		const own = isOwnReport(i, marshalId);
		base.incidents[i.id] = marshalIncident(i, own || holdsJobOn(i, marshalId, state), own);
	}
	base.jobs = pick(state.jobs, (j) => j.marshalId === marshalId);
	base.escorts = marshalEscorts(state, marshalId);
	return base;
}

/**
 * An incident as a marshal holds it: in full (position, description) when it is
 * their own report or a job they have not declined, otherwise coarsened and without words. Never the
 * control room's notes, police entries, links or timeline.
 */
function marshalIncident(i: Incident, full: boolean, own: boolean): Incident {
	const position = i.position ? (full ? i.position : coarsen(i.position)) : undefined;
	return {
		id: i.id,
		category: i.category,
		severity: i.severity,
		state: i.state,
		onBehalf: i.onBehalf,
		reportedAt: i.reportedAt,
		// Another marshal's id is not a colleague's business; their own is how they find it.
		reportedBy: own ? i.reportedBy : { role: i.reportedBy.role },
		sectorId: i.sectorId,
		updatedAt: i.updatedAt,
		notes: [],
		links: [],
		police: [],
		timeline: [],
		escalation: null,
		...(position ? { position } : {}),
		...(full && i.description ? { description: i.description } : {}),
		// A photo can show faces: only its reporter (and the control room) ever get its id.
		...(own && i.photoId ? { photoId: i.photoId } : {}),
		...(own && i.photoDeletedAt ? { photoDeletedAt: i.photoDeletedAt } : {}),
		...(i.closedAt ? { closedAt: i.closedAt } : {}),
		...(i.duplicateOf ? { duplicateOf: i.duplicateOf } : {})
	};
}

/**
 * The control room's snapshot: everything, except that incidents come without their
 * timelines. On a long night those are half the snapshot (5,000 incidents: 2 of 4.4 MB),
 * parsed on the page's main thread at load, and only the open record shows one: it asks
 * for it (`incident:timeline`). Lines of events after the snapshot are folded in as usual.
 */
function organiserState(state: EventState): EventState {
	return { ...state, incidents: mapValues(state.incidents, (i) => ({ ...i, timeline: [] })) };
}

function mapValues<T>(rec: Record<string, T>, f: (v: T) => T): Record<string, T> {
	return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, f(v)]));
}

function ownReceipt(receivedBy: Record<string, string>, marshalId: string) {
	const at = receivedBy[marshalId];
	return at ? { [marshalId]: at } : {};
}

function pick<T>(rec: Record<string, T>, keep: (v: T) => boolean): Record<string, T> {
	return Object.fromEntries(Object.entries(rec).filter(([, v]) => keep(v)));
}

/**
 * What a marshal's phone may keep to open with no signal: the event's map and safe spots and
 * the marshal's own name and sector. No incidents, jobs, messages or devices. Its seq is 0 so
 * the live link, once back, replays the journal over it and nothing is missed.
 */
export function viewShell(state: EventState, marshalId: string): EventState {
	const me = state.marshals[marshalId];
	return {
		eventId: state.eventId,
		seq: 0,
		info: state.info,
		route: state.route,
		sectors: state.sectors,
		zones: state.zones,
		marshals: me ? { [me.id]: { ...me, status: 'off-shift', devices: [] } } : {},
		incidents: {},
		jobs: {},
		advisories: {},
		hazards: {},
		escorts: {},
		escortRefusals: {}
	};
}
