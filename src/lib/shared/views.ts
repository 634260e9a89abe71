import { z } from 'zod';
import { coarsen } from './geo';
import { JOURNAL_EVENTS, type JournalEvent, type JournalEventType } from './journal';
import type { EventState } from './model';
import { marshalEscortData } from './escort-views';
import { advisoryReaches } from './advisory-rules';
import { isOwnReport, marshalMaySee } from './marshal-visibility';

export { publicEscortView, ownEscort } from './escort-views';
export { viewState, viewShell } from './state-views';

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

const shapes = new WeakMap<JournalEvent, Map<string, JournalEvent>>();

/**
 * `shaped` for every viewer but the event's own actor, which is the same for all of them: built
 * (and its data validated) once per event and kind, not once per phone. A report in a sector
 * goes to a third of the marshals at once. The journal's events are never mutated, and neither
 * are these: every socket encodes the same object.
 */
function sharedShape(
	event: JournalEvent,
	kind: string,
	data: () => unknown,
	self?: string
): JournalEvent {
	if (self !== undefined && event.actor.id === self) return shaped(event, data(), self);
	let byKind = shapes.get(event);
	if (!byKind) shapes.set(event, (byKind = new Map()));
	let view = byKind.get(kind);
	if (!view) byKind.set(kind, (view = shaped(event, data())));
	return view;
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
		return sharedShape(event, 'whole', () => JOURNAL_EVENTS[event.type].parse(event.data));
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
		return sharedShape(
			event,
			'whole',
			() => JOURNAL_EVENTS[event.type].parse(event.data),
			marshalId
		);
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
			return sharedShape(
				event,
				'colleague',
				() => {
					const data = MarshalIncidentData.parse(event.data);
					return data.position ? { ...data, position: coarsen(data.position) } : data;
				},
				marshalId
			);
		}
		case 'incident:state-changed': {
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !marshalMaySee(incident, marshalId, state)) return null;
			if (isOwnReport(incident, marshalId)) {
				return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data), marshalId);
			}
			// An organiser's stated reason can name people; colleagues get the state only.
			return sharedShape(
				event,
				'colleague',
				() => MarshalStateChangeData.parse(event.data),
				marshalId
			);
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
			return sharedShape(
				event,
				'whole',
				() => JOURNAL_EVENTS[event.type].parse(event.data),
				marshalId
			);
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
