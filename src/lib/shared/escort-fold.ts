import type { Escort } from './escort';
import type { JournalEvent } from './journal';
import type { EventState, Marshal } from './model';
import { busyElsewhere } from './marshal-busy';

type EscortEvent = Extract<JournalEvent, { type: `escort:${string}` }>;

export function isEscortEvent(e: JournalEvent): e is EscortEvent {
	return e.type.startsWith('escort:');
}

/** From which states each escort event may move an escort. Deciders check the same table. */
export const ESCORT_MOVES: Partial<Record<EscortEvent['type'], readonly Escort['state'][]>> = {
	'escort:offered': ['requested'],
	'escort:unanswered': ['requested'],
	'escort:accepted': ['requested'],
	'escort:declined': ['requested'],
	'escort:walking': ['accepted'],
	'escort:arrived': ['accepted', 'walking'],
	'escort:cancelled': ['requested', 'accepted', 'walking'],
	'escort:alarm-acknowledged': ['requested', 'accepted', 'walking']
};

/**
 * The escort part of the fold. Moves an escort may not make from where it is fold to
 * nothing, so a timeout racing an accept from another process changes nothing.
 */
export function foldEscort(s: EventState, e: EscortEvent): EventState {
	switch (e.type) {
		case 'escort:requested': {
			const d = e.data;
			if (s.escorts[d.escortId]) return s;
			const escort: Escort = {
				id: d.escortId,
				deviceId: d.deviceId,
				state: 'requested',
				pickup: d.pickup,
				codeWord: d.codeWord,
				requestedAt: e.at,
				updatedAt: e.at,
				round: 0,
				respondBy: e.at,
				offeredTo: [],
				declinedBy: [],
				marshalId: null,
				alarm: null,
				escalated: false,
				closedAt: null,
				...(d.destination ? { destination: d.destination } : {}),
				...(d.destinationPosition ? { destinationPosition: d.destinationPosition } : {}),
				...(d.description ? { description: d.description } : {})
			};
			return withEscort(s, escort);
		}
		case 'escort:requests-refused': {
			const { groupId, source, count, since } = e.data;
			const prior = s.escortRefusals[groupId];
			// Counts only grow: a late update from another process never lowers it.
			const group = {
				id: groupId,
				source,
				since: prior?.since ?? since,
				count: Math.max(prior?.count ?? 0, count),
				lastAt: e.at,
				acknowledged: prior?.acknowledged ?? false
			};
			return { ...s, escortRefusals: { ...s.escortRefusals, [groupId]: group } };
		}
		case 'escort:positions-deleted': {
			const escort = s.escorts[e.data.escortId];
			if (!escort || escort.positionsDeletedAt) return s;
			return withEscort(s, withoutPositions(escort, e.at));
		}
		case 'escort:refusals-acknowledged': {
			const group = s.escortRefusals[e.data.groupId];
			if (!group) return s;
			return {
				...s,
				escortRefusals: { ...s.escortRefusals, [group.id]: { ...group, acknowledged: true } }
			};
		}
	}
	if (e.type === 'escort:offered') return offered(s, e);
	const escort = s.escorts[e.data.escortId];
	if (!escort || !ESCORT_MOVES[e.type]?.includes(escort.state)) return s;
	const next: Escort = { ...escort, updatedAt: e.at };
	switch (e.type) {
		case 'escort:unanswered':
			return withEscort(s, {
				...next,
				alarm: { at: e.at, round: e.data.round },
				escalated: true
			});
		case 'escort:accepted': {
			const accepted: Escort = {
				...next,
				state: 'accepted',
				marshalId: e.data.marshalId,
				alarm: null,
				...(e.data.codeWord ? { codeWord: e.data.codeWord } : {})
			};
			return withMarshalStatus(withEscort(s, accepted), e.data.marshalId, 'on-job');
		}
		case 'escort:declined': {
			const declinedBy = next.declinedBy.includes(e.data.marshalId)
				? next.declinedBy
				: [...next.declinedBy, e.data.marshalId];
			// Everyone asked said no: nobody is coming, which is the control room's alarm.
			const allDeclined =
				next.offeredTo.length > 0 && next.offeredTo.every((m) => declinedBy.includes(m));
			return withEscort(s, {
				...next,
				declinedBy,
				...(allDeclined ? { alarm: { at: e.at, round: next.round } } : {})
			});
		}
		case 'escort:walking':
			return withEscort(s, { ...next, state: 'walking' });
		case 'escort:arrived':
		case 'escort:cancelled': {
			const closed: Escort = {
				...next,
				state: e.type === 'escort:arrived' ? 'arrived' : 'cancelled',
				alarm: null,
				closedAt: e.at,
				...(e.type === 'escort:cancelled' ? { cancelledBy: e.data.by } : {})
			};
			const after = withEscort(s, closed);
			const m = escort.marshalId;
			if (!m || busyElsewhere(after, m, escort.id)) return after;
			return withMarshalStatus(after, m, 'available');
		}
		case 'escort:alarm-acknowledged':
			return escort.alarm ? withEscort(s, { ...next, alarm: null }) : s;
		default:
			return s;
	}
}

function offered(s: EventState, e: Extract<EscortEvent, { type: 'escort:offered' }>): EventState {
	const { escortId, marshalIds, round, respondBy, brief } = e.data;
	// A marshal's copy may start here: the offer carries all they need (never the device).
	const escort: Escort = s.escorts[escortId] ?? {
		id: escortId,
		state: 'requested',
		pickup: brief.pickup,
		requestedAt: brief.requestedAt,
		updatedAt: e.at,
		round,
		respondBy,
		offeredTo: [],
		declinedBy: [],
		marshalId: null,
		alarm: null,
		escalated: false,
		closedAt: null,
		...(brief.destination ? { destination: brief.destination } : {}),
		...(brief.destinationPosition ? { destinationPosition: brief.destinationPosition } : {}),
		...(brief.description ? { description: brief.description } : {})
	};
	if (escort.state !== 'requested') return s;
	const offeredTo = [...escort.offeredTo];
	for (const m of marshalIds) if (!offeredTo.includes(m)) offeredTo.push(m);
	return withEscort(s, {
		...escort,
		offeredTo,
		// Asked again: a new chance to answer, even if they said no before.
		declinedBy: escort.declinedBy.filter((m) => !marshalIds.includes(m)),
		round: Math.max(escort.round, round),
		respondBy,
		updatedAt: e.at
	});
}

/** The record stays (times, states, marshals); where it was and the words about it go. */
export function withoutPositions(escort: Escort, at: string): Escort {
	const kept: Escort = { ...escort, pickup: null, positionsDeletedAt: at };
	delete kept.destination;
	delete kept.destinationPosition;
	delete kept.description;
	return kept;
}

/**
 * A journal entry as it reads once its escort's positions are deleted: a request or offer
 * without positions and words, anything else unchanged. Caches of entries (the server's
 * recent window) apply it when `escort:positions-deleted` folds.
 */
export function withoutEntryPositions(
	e: JournalEvent,
	escortIds: ReadonlySet<string>
): JournalEvent {
	if (e.type === 'escort:requested' && escortIds.has(e.data.escortId)) {
		return { ...e, data: stripped(e.data) };
	}
	if (e.type === 'escort:offered' && escortIds.has(e.data.escortId)) {
		return { ...e, data: { ...e.data, brief: stripped(e.data.brief) } };
	}
	return e;
}

function stripped<T extends { pickup: unknown }>(d: T): T {
	const kept: T & Partial<Record<'destination' | 'destinationPosition' | 'description', unknown>> =
		{
			...d,
			pickup: null
		};
	delete kept.destination;
	delete kept.destinationPosition;
	delete kept.description;
	return kept;
}

function withEscort(s: EventState, escort: Escort): EventState {
	return { ...s, escorts: { ...s.escorts, [escort.id]: escort } };
}

function withMarshalStatus(s: EventState, id: string, status: Marshal['status']): EventState {
	const m = s.marshals[id];
	// A marshal off shift stays off shift.
	if (!m || m.status === 'off-shift') return s;
	return { ...s, marshals: { ...s.marshals, [id]: { ...m, status } } };
}
