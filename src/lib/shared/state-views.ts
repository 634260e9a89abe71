import { isHazardActive } from './awareness';
import { coarsen } from './geo';
import type { EventState, Incident } from './model';
import { marshalEscorts } from './escort-views';
import { advisoryReaches } from './advisory-rules';
import { holdsJobOn, isOwnReport, marshalMaySee } from './marshal-visibility';
import { emptyState } from './reducer';
import type { Audience } from './views';

/** The whole state as `audience` may see it: the snapshot a page starts from. */
export function viewState(audience: Audience, state: EventState): EventState {
	if (audience.role === 'organiser') return organiserState(state);
	const base = eventShell(state, state.seq);
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
		...eventShell(state, 0),
		marshals: me ? { [me.id]: { ...me, status: 'off-shift', devices: [] } } : {}
	};
}

/**
 * The event's name, place and geometry (a few KB), with none of its incidents, people or
 * messages: what a page can draw before its snapshot, and what every view starts from.
 * With seq 0, nothing syncs from it: a live link replays the journal over it.
 */
export function eventShell(state: EventState, seq = 0): EventState {
	return {
		...emptyState(state.eventId),
		seq,
		info: state.info,
		route: state.route,
		sectors: state.sectors,
		zones: state.zones
	};
}
