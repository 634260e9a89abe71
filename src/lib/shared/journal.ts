import { z } from 'zod';
import { AWARENESS_EVENTS } from './awareness';
import { LineCoordinates, LngLat, PolygonRing } from './geo';
import {
	Actor,
	AdvisoryAudience,
	Id,
	IncidentCategory,
	IncidentState,
	Landmark,
	PoliceKind,
	Severity,
	Text,
	ZoneDetails,
	ZoneStatus
} from './model';
import { ESCORT_EVENTS } from './escort-events';
import { PhotoId } from './photo-id';

/**
 * Every fact that can happen to an event, once, as a zod schema of its `data`.
 * The reducer, the views and the protocol all derive from this table.
 */
export const JOURNAL_EVENTS = {
	'event:configured': z.object({
		name: Text(120),
		timezone: z.string().min(1).max(64),
		center: LngLat,
		zoom: z.number().min(0).max(22),
		landmarks: z.array(Landmark).max(40).optional()
	}),
	'route:set': z.object({ coordinates: LineCoordinates }),
	'sector:set': z.object({ sectorId: Id, name: Text(60), ring: PolygonRing }),
	'zone:set': ZoneDetails.extend({ zoneId: Id }),
	'zone:status-set': z.object({ zoneId: Id, status: ZoneStatus, verified: z.boolean() }),
	'marshal:added': z.object({ marshalId: Id, displayName: Text(60), sectorId: Id.nullable() }),
	'device:enrolled': z.object({ deviceId: Id, marshalId: Id }),
	'device:revoked': z.object({ deviceId: Id, marshalId: Id.nullable() }),
	'marshal:shift-started': z.object({ marshalId: Id }),
	'marshal:shift-ended': z.object({ marshalId: Id }),
	'marshal:status-set': z.object({ marshalId: Id, status: z.enum(['available', 'on-break']) }),
	'incident:reported': z.object({
		incidentId: Id,
		category: IncidentCategory,
		severity: Severity,
		position: LngLat.optional(),
		description: Text(1000).optional(),
		onBehalf: z.boolean(),
		sectorId: Id.nullable(),
		/** Stored through the store, never in the journal; the control room fetches it by id. */
		photoId: PhotoId.optional()
	}),
	'incident:state-changed': z.object({
		incidentId: Id,
		from: IncidentState,
		to: IncidentState,
		reason: Text(300).optional(),
		duplicateOf: Id.optional()
	}),
	'advisory:posted': z.object({
		advisoryId: Id,
		audience: AdvisoryAudience,
		sectorId: Id.nullable(),
		text: Text(280),
		expiresAt: z.iso.datetime()
	}),
	'advisory:withdrawn': z.object({ advisoryId: Id }),
	'incident:noted': z.object({ incidentId: Id, noteId: Id, text: Text(1000) }),
	'incident:linked': z.object({ incidentId: Id, otherId: Id }),
	'incident:police-logged': z.object({
		incidentId: Id,
		entryId: Id,
		kind: PoliceKind,
		/** When it happened, if not when it was logged (e.g. logged after the fact). */
		occurredAt: z.iso.datetime().optional(),
		reason: Text(500).optional()
	}),
	'incident:escalation-acknowledged': z.object({ incidentId: Id }),
	/** Appended by the server once the photo's bytes are deleted after the retention period. */
	'incident:photo-deleted': z.object({ incidentId: Id, photoId: PhotoId }),
	'job:offered': z.object({
		jobId: Id,
		incidentId: Id,
		marshalId: Id,
		respondBy: z.iso.datetime(),
		/**
		 * What the marshal needs to go there, captured at the offer: a marshal may
		 * hold only a coarse copy of the incident, or none if it is outside their sector.
		 */
		brief: z.object({
			category: IncidentCategory,
			severity: Severity,
			reportedAt: z.iso.datetime(),
			sectorId: Id.nullable(),
			position: LngLat.optional(),
			description: Text(1000).optional()
		})
	}),
	'job:accepted': z.object({ jobId: Id }),
	'job:declined': z.object({ jobId: Id, reason: Text(300) }),
	/** Appended by the server when an offer's respondBy passes unanswered. */
	'job:timed-out': z.object({ jobId: Id }),
	'job:on-scene': z.object({ jobId: Id }),
	'job:resolved': z.object({ jobId: Id, outcome: Text(500) }),
	'job:withdrawn': z.object({ jobId: Id, reason: Text(300).optional() }),
	...AWARENESS_EVENTS,
	...ESCORT_EVENTS
} as const;

export type JournalEventType = keyof typeof JOURNAL_EVENTS;
export const JOURNAL_EVENT_TYPES = Object.keys(JOURNAL_EVENTS) as JournalEventType[];

export type JournalData<T extends JournalEventType> = z.infer<(typeof JOURNAL_EVENTS)[T]>;

/** What a service decides before the store numbers it. */
export type NewJournalEvent = {
	[T in JournalEventType]: { id: string; type: T; at: string; actor: Actor; data: JournalData<T> };
}[JournalEventType];

/** One numbered entry of an event's journal. `seq` is gap-free from 1. */
export type JournalEvent = NewJournalEvent & { seq: number };

const envelope = <T extends JournalEventType>(type: T) =>
	z.object({
		seq: z.number().int().positive(),
		id: z.string().min(1).max(80),
		type: z.literal(type),
		at: z.iso.datetime(),
		actor: Actor,
		data: JOURNAL_EVENTS[type]
	});

/** Validates a stored or received entry; used when reading back and in tests. */
export const JournalEventSchema = z.discriminatedUnion(
	'type',
	JOURNAL_EVENT_TYPES.map((t) => envelope(t)) as unknown as [
		ReturnType<typeof envelope>,
		...ReturnType<typeof envelope>[]
	]
);
