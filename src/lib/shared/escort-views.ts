import {
	BAND_ETA,
	CLOSED_ESCORT_SHOWN_MS,
	PublicEscort,
	type DistanceBand,
	type Escort
} from './escort';
import { JOURNAL_EVENTS, type JournalEvent } from './journal';
import type { EventState } from './model';

/**
 * What marshals and visitors may see of escorts; views.ts calls these. Built by allow-list:
 * the requesting device is never shown outside the control room, the code word only to the
 * accepting marshal and the visitor, and a visitor sees only their own escort, with a
 * distance band, never a position or metres.
 */

type EscortEvent = Extract<JournalEvent, { type: `escort:${string}` }>;

/** The escort event's data as `marshalId` may see it, or null when it is not theirs to see. */
export function marshalEscortData(
	marshalId: string,
	event: EscortEvent,
	state: EventState
): unknown | null {
	switch (event.type) {
		case 'escort:offered': {
			if (!event.data.marshalIds.includes(marshalId)) return null;
			const data = JOURNAL_EVENTS['escort:offered'].parse(event.data);
			// Who else was asked is the control room's business.
			return { ...data, marshalIds: [marshalId] };
		}
		case 'escort:accepted': {
			const escort = state.escorts[event.data.escortId];
			if (!escort?.offeredTo.includes(marshalId)) return null;
			const data = JOURNAL_EVENTS['escort:accepted'].parse(event.data);
			if (data.marshalId === marshalId) return data;
			// A colleague learns it is taken, not the code word.
			return { escortId: data.escortId, marshalId: data.marshalId };
		}
		case 'escort:declined':
			return event.data.marshalId === marshalId
				? JOURNAL_EVENTS['escort:declined'].parse(event.data)
				: null;
		case 'escort:positions-deleted': {
			// Whoever was offered it holds its positions, so each of them must drop them.
			const escort = state.escorts[event.data.escortId];
			if (!escort?.offeredTo.includes(marshalId)) return null;
			return JOURNAL_EVENTS['escort:positions-deleted'].parse(event.data);
		}
		case 'escort:walking':
		case 'escort:arrived': {
			const escort = state.escorts[event.data.escortId];
			if (escort?.marshalId !== marshalId) return null;
			return JOURNAL_EVENTS[event.type].parse(event.data);
		}
		case 'escort:cancelled': {
			const escort = state.escorts[event.data.escortId];
			if (!escort?.offeredTo.includes(marshalId)) return null;
			return { escortId: event.data.escortId, by: event.data.by };
		}
		default:
			// The request itself (device, code word), timeouts, alarms and refusals: control room only.
			return null;
	}
}

/** An escort as a marshal it was offered to holds it. */
export function marshalEscort(e: Escort, marshalId: string): Escort {
	const mine = e.marshalId === marshalId;
	return {
		id: e.id,
		state: e.state,
		pickup: e.pickup,
		requestedAt: e.requestedAt,
		updatedAt: e.updatedAt,
		round: e.round,
		respondBy: e.respondBy,
		offeredTo: [marshalId],
		declinedBy: e.declinedBy.filter((m) => m === marshalId),
		marshalId: e.marshalId,
		alarm: null,
		escalated: false,
		closedAt: e.closedAt,
		...(e.destination ? { destination: e.destination } : {}),
		...(e.destinationPosition ? { destinationPosition: e.destinationPosition } : {}),
		...(e.description ? { description: e.description } : {}),
		...(mine && e.codeWord ? { codeWord: e.codeWord } : {}),
		...(e.cancelledBy ? { cancelledBy: e.cancelledBy } : {}),
		...(e.positionsDeletedAt ? { positionsDeletedAt: e.positionsDeletedAt } : {})
	};
}

export function marshalEscorts(state: EventState, marshalId: string): Record<string, Escort> {
	const out: Record<string, Escort> = {};
	for (const e of Object.values(state.escorts)) {
		if (e.offeredTo.includes(marshalId)) out[e.id] = marshalEscort(e, marshalId);
	}
	return out;
}

/** The visitor's latest escort: open, or closed only a little while ago. */
export function ownEscort(state: EventState, sessionId: string, now: Date): Escort | null {
	let latest: Escort | null = null;
	for (const e of Object.values(state.escorts)) {
		if (e.deviceId !== sessionId) continue;
		if (!latest || e.requestedAt > latest.requestedAt) latest = e;
	}
	if (!latest?.closedAt) return latest;
	return now.getTime() - Date.parse(latest.closedAt) < CLOSED_ESCORT_SHOWN_MS ? latest : null;
}

/**
 * The visitor's own escort as they may see it. `band` is the accepting marshal's distance
 * band, computed on the server from the presence store; null when unknown or not coming.
 */
export function publicEscortView(
	state: EventState,
	sessionId: string,
	band: DistanceBand | null,
	now: Date
): PublicEscort | null {
	const e = ownEscort(state, sessionId, now);
	if (!e || !e.codeWord) return null;
	const coming = e.state === 'accepted';
	const name = e.marshalId ? (state.marshals[e.marshalId]?.displayName ?? 'A marshal') : null;
	return PublicEscort.parse({
		escortId: e.id,
		state: e.state,
		codeWord: e.codeWord,
		marshalName: name,
		band: coming ? band : null,
		eta: coming && band ? BAND_ETA[band] : null,
		escalated: e.escalated,
		requestedAt: e.requestedAt,
		closedAt: e.closedAt,
		cancelledBy: e.cancelledBy ?? null
	});
}
