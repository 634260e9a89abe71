/**
 * Keeping marshals aware: hazard areas the control room marks, and receipts that show which
 * phones have a broadcast. Their journal entries, fold and rules of thumb live here together.
 */
import { z } from 'zod';
import { LngLat } from './geo';
import { Id, Text, type EventState, type Hazard } from './model';
import type { JournalEvent } from './journal';

export const HAZARD_RADIUS = { min: 10, max: 2_000 } as const;
export const HAZARD_LIFETIME_SECONDS = { min: 15, max: 12 * 60 * 60 } as const;
export {
	HAZARD_ALERT_MARGIN_METRES,
	hazardStrength,
	isHazardActive,
	isNearHazard
} from './hazard-rules';

export const AWARENESS_EVENTS = {
	'hazard:marked': z.object({
		hazardId: Id,
		position: LngLat,
		radiusMetres: z.number().int().min(HAZARD_RADIUS.min).max(HAZARD_RADIUS.max),
		text: Text(200),
		expiresAt: z.iso.datetime()
	}),
	'hazard:cleared': z.object({ hazardId: Id }),
	/** A marshal's phone had this broadcast (sent by the phone itself on receipt). */
	'advisory:received': z.object({ advisoryId: Id, marshalId: Id })
} as const;

type AwarenessType = keyof typeof AWARENESS_EVENTS;
export type AwarenessEvent = Extract<JournalEvent, { type: AwarenessType }>;

export function isAwarenessEvent(e: JournalEvent): e is AwarenessEvent {
	return e.type in AWARENESS_EVENTS;
}

export function foldAwareness(s: EventState, e: AwarenessEvent): EventState {
	switch (e.type) {
		case 'hazard:marked': {
			const { hazardId, ...d } = e.data;
			const hazard: Hazard = { id: hazardId, ...d, markedAt: e.at, clearedAt: null };
			return { ...s, hazards: { ...s.hazards, [hazardId]: hazard } };
		}
		case 'hazard:cleared': {
			const h = s.hazards[e.data.hazardId];
			if (!h || h.clearedAt) return s;
			return { ...s, hazards: { ...s.hazards, [h.id]: { ...h, clearedAt: e.at } } };
		}
		case 'advisory:received': {
			const a = s.advisories[e.data.advisoryId];
			if (!a || a.receivedBy[e.data.marshalId]) return s;
			const receivedBy = { ...a.receivedBy, [e.data.marshalId]: e.at };
			return { ...s, advisories: { ...s.advisories, [a.id]: { ...a, receivedBy } } };
		}
	}
}
