import { z } from 'zod';
import { coarsen } from './geo';
import { JOURNAL_EVENTS, type JournalEvent, type JournalEventType } from './journal';
import type { Advisory, EventState, Incident } from './model';

/**
 * Who is looking. One module decides what each audience may see; everything
 * that leaves the server passes through here, built by allow-list.
 */
export type Audience =
	| { role: 'organiser' }
	| { role: 'marshal'; marshalId: string }
	| { role: 'public'; sessionId: string };

/** Event types the public may ever receive. Incidents, marshals and devices never. */
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
const MarshalIncidentData = JOURNAL_EVENTS['incident:reported'].omit({ description: true });

function shaped(event: JournalEvent, data: unknown): JournalEvent {
	return {
		seq: event.seq,
		id: event.id,
		type: event.type,
		at: event.at,
		actor: PublicActor.parse(event.actor),
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
		return shaped(event, JOURNAL_EVENTS[event.type].parse(event.data));
	}
	switch (event.type) {
		case 'marshal:added':
		case 'marshal:shift-started':
		case 'marshal:shift-ended':
		case 'marshal:status-set':
		case 'device:enrolled':
		case 'device:revoked':
			return event.data.marshalId === marshalId
				? shaped(event, JOURNAL_EVENTS[event.type].parse(event.data))
				: null;
		case 'incident:reported': {
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !marshalMaySee(incident, marshalId, state)) return null;
			if (isOwnReport(incident, marshalId)) {
				return shaped(event, JOURNAL_EVENTS['incident:reported'].parse(event.data));
			}
			const data = MarshalIncidentData.parse(event.data);
			return shaped(event, data.position ? { ...data, position: coarsen(data.position) } : data);
		}
		case 'incident:state-changed': {
			const incident = state.incidents[event.data.incidentId];
			if (!incident || !marshalMaySee(incident, marshalId, state)) return null;
			const data = JOURNAL_EVENTS['incident:state-changed'].parse(event.data);
			if (isOwnReport(incident, marshalId)) return shaped(event, data);
			// An organiser's stated reason can name people; colleagues get the state only.
			return shaped(event, MarshalStateChangeData.parse(data));
		}
		default:
			return null;
	}
}

const isOwnReport = (i: Incident, marshalId: string) =>
	i.reportedBy.role === 'marshal' && i.reportedBy.id === marshalId;

function marshalMaySee(i: Incident, marshalId: string, state: EventState): boolean {
	if (isOwnReport(i, marshalId)) return true;
	const sector = state.marshals[marshalId]?.sectorId ?? null;
	return sector !== null && i.sectorId === sector;
}

function advisoryReaches(
	a: Pick<Advisory, 'audience' | 'sectorId'>,
	marshalId: string,
	state: EventState
): boolean {
	if (a.audience === 'public') return true;
	if (a.sectorId === null) return true;
	return state.marshals[marshalId]?.sectorId === a.sectorId;
}

/** The whole state as `audience` may see it: the snapshot a page starts from. */
export function viewState(audience: Audience, state: EventState): EventState {
	if (audience.role === 'organiser') return state;
	const base: EventState = {
		eventId: state.eventId,
		seq: state.seq,
		info: state.info,
		route: state.route,
		sectors: state.sectors,
		zones: state.zones,
		marshals: {},
		incidents: {},
		advisories: {}
	};
	if (audience.role === 'public') {
		base.advisories = pick(state.advisories, (a) => !a.withdrawnAt && a.audience === 'public');
		return base;
	}
	const { marshalId } = audience;
	const me = state.marshals[marshalId];
	if (me) base.marshals = { [me.id]: me };
	base.advisories = pick(
		state.advisories,
		(a) => !a.withdrawnAt && advisoryReaches(a, marshalId, state)
	);
	base.incidents = {};
	for (const i of Object.values(state.incidents)) {
		if (!marshalMaySee(i, marshalId, state)) continue;
		if (isOwnReport(i, marshalId)) base.incidents[i.id] = i;
		else base.incidents[i.id] = coarsenedIncident(i);
	}
	return base;
}

function coarsenedIncident(i: Incident): Incident {
	return {
		id: i.id,
		category: i.category,
		severity: i.severity,
		state: i.state,
		onBehalf: i.onBehalf,
		reportedAt: i.reportedAt,
		reportedBy: { role: i.reportedBy.role },
		sectorId: i.sectorId,
		updatedAt: i.updatedAt,
		...(i.position ? { position: coarsen(i.position) } : {}),
		...(i.duplicateOf ? { duplicateOf: i.duplicateOf } : {})
	};
}

function pick<T>(rec: Record<string, T>, keep: (v: T) => boolean): Record<string, T> {
	return Object.fromEntries(Object.entries(rec).filter(([, v]) => keep(v)));
}
