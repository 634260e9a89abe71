import { z } from 'zod';
import { LineCoordinates, LngLat, PolygonRing } from './geo';
import type { Escort, RefusalGroup } from './escort';
import { INCIDENT_CATEGORIES } from './categories';
import {
	ADVISORY_AUDIENCES,
	INCIDENT_STATES,
	JOB_STATES,
	MARSHAL_STATUSES,
	POLICE_KINDS,
	ZONE_STATUSES
} from './vocabulary';

// The closed lists live in a zod-free module (the pages load them without the schemas).
export {
	ADVISORY_AUDIENCES,
	INCIDENT_STATES,
	INCIDENT_TRANSITIONS,
	isFinalState,
	JOB_STATES,
	MARSHAL_STATUSES,
	OPEN_JOB_STATES,
	PHOTO_DELETED,
	POLICE_KINDS,
	POLICE_LABELS,
	ZONE_STATUSES
} from './vocabulary';

/** Ids are client-made UUIDs (v7 preferred, any version accepted) or short slugs for setup data. */
export const Id = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');
export type Id = z.infer<typeof Id>;

export const EventId = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"');

/** Free text from people: trimmed, capped, never empty when given. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export const ROLES = ['organiser', 'marshal', 'public'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
	role: z.enum([...ROLES, 'system']),
	id: z.string().max(64).optional()
});
export type Actor = z.infer<typeof Actor>;

export const ZONE_KINDS = [
	'first-aid',
	'quiet-space',
	'partner-venue',
	'welfare-tent',
	'marshal-post'
] as const;
export const ZoneKind = z.enum(ZONE_KINDS);
export type ZoneKind = z.infer<typeof ZoneKind>;

export const ZoneStatus = z.enum(ZONE_STATUSES);
export type ZoneStatus = z.infer<typeof ZoneStatus>;

/** Local wall-clock time "HH:MM" in the event's time zone. */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

/** A daily opening interval; `to` at or before `from` runs past midnight. */
export const OpeningInterval = z.object({ from: LocalTime, to: LocalTime });
export type OpeningInterval = z.infer<typeof OpeningInterval>;

export const ZoneDetails = z.object({
	name: Text(80),
	kind: ZoneKind,
	position: LngLat,
	hours: z.array(OpeningInterval).max(7),
	accessibility: Text(200).optional(),
	description: Text(300).optional()
});

export type Zone = z.infer<typeof ZoneDetails> & {
	id: string;
	status: ZoneStatus;
	/** ISO time an organiser last confirmed the status in person, or null. */
	verifiedAt: string | null;
};

export type Sector = { id: string; name: string; ring: LngLat[] };

export const MarshalStatus = z.enum(MARSHAL_STATUSES);
export type MarshalStatus = z.infer<typeof MarshalStatus>;

export type Marshal = {
	id: string;
	displayName: string;
	sectorId: string | null;
	status: MarshalStatus;
	/** Device sessions enrolled for this marshal that have not been revoked. */
	devices: string[];
};

export { CATEGORY_LABELS, INCIDENT_CATEGORIES } from './categories';
export const IncidentCategory = z.enum(INCIDENT_CATEGORIES);
export type IncidentCategory = z.infer<typeof IncidentCategory>;

export const Severity = z.number().int().min(1).max(4);

export const IncidentState = z.enum(INCIDENT_STATES);
export type IncidentState = z.infer<typeof IncidentState>;

export const PoliceKind = z.enum(POLICE_KINDS);
export type PoliceKind = z.infer<typeof PoliceKind>;

export type PoliceEntry = {
	id: string;
	kind: PoliceKind;
	/** When it happened (defaults to when it was logged). */
	occurredAt: string;
	loggedAt: string;
	loggedBy: Actor;
	reason?: string;
};

export type Note = { id: string; at: string; actor: Actor; text: string };

/** One line of an incident's record: every change, who made it and when. */
export type TimelineEntry = {
	seq: number;
	at: string;
	actor: Actor;
	type: string;
	summary: string;
};

export type JobState = (typeof JOB_STATES)[number];

export type Job = {
	id: string;
	incidentId: string;
	marshalId: string;
	state: JobState;
	offeredAt: string;
	respondBy: string;
	updatedAt: string;
	/** Why it was declined or withdrawn. */
	reason?: string;
	outcome?: string;
};

/** Why the control room must look again: a job was declined or went unanswered. */
export type Escalation = { reason: 'declined' | 'timed-out'; at: string; jobId: string };

export type Incident = {
	id: string;
	category: IncidentCategory;
	severity: number;
	state: IncidentState;
	/** Absent when the audience may not see it, or when the reporter gave none. */
	position?: LngLat;
	description?: string;
	/** The reporter's photo (the control room and the reporter only). */
	photoId?: string;
	/** When its bytes were deleted after the retention period (decision 13). */
	photoDeletedAt?: string;
	/** When it reached a final state; the photo's retention period counts from here. */
	closedAt?: string;
	onBehalf: boolean;
	reportedAt: string;
	reportedBy: Actor;
	sectorId: string | null;
	updatedAt: string;
	duplicateOf?: string;
	notes: Note[];
	/** Ids of related incidents, both ways. */
	links: string[];
	police: PoliceEntry[];
	timeline: TimelineEntry[];
	/** Set while nobody has taken a job the control room offered; cleared by acknowledging or a new offer. */
	escalation: Escalation | null;
};

export const AdvisoryAudience = z.enum(ADVISORY_AUDIENCES);
export type AdvisoryAudience = z.infer<typeof AdvisoryAudience>;

export type Advisory = {
	id: string;
	audience: AdvisoryAudience;
	/** Limits a marshals' broadcast to one sector; null means everyone in the audience. */
	sectorId: string | null;
	text: string;
	postedAt: string;
	expiresAt: string;
	/** Kept, not deleted, so the record shows it and views know whom the withdrawal concerns. */
	withdrawnAt: string | null;
	/** Marshal id -> when their phone had it. The control room sees who has a broadcast. */
	receivedBy: Record<string, string>;
};

/**
 * An area marshals should know about ("hostile group last seen here"): a circle that
 * fades and expires by itself. Marshals within reach of it get an alert on their phone.
 */
export type Hazard = {
	id: string;
	position: LngLat;
	radiusMetres: number;
	text: string;
	markedAt: string;
	expiresAt: string;
	clearedAt: string | null;
};

export { isAdvisoryActive } from './advisory-rules';

/**
 * A well-known place an attendee can say they are at when their phone gives no position
 * ("I'm at the Bucket Fountain"). Part of the event's setup, public like the zones.
 */
export const Landmark = z.object({ id: Id, name: Text(80), position: LngLat });
export type Landmark = z.infer<typeof Landmark>;

export type EventInfo = {
	name: string;
	timezone: string;
	center: LngLat;
	zoom: number;
	/** Places to pick instead of a GPS fix; absent for events set up without any. */
	landmarks?: Landmark[];
};

/** The fold of one event's journal. Plain JSON so snapshots travel as they are. */
export type EventState = {
	eventId: string;
	seq: number;
	info: EventInfo | null;
	route: LngLat[] | null;
	sectors: Record<string, Sector>;
	zones: Record<string, Zone>;
	marshals: Record<string, Marshal>;
	incidents: Record<string, Incident>;
	jobs: Record<string, Job>;
	advisories: Record<string, Advisory>;
	hazards: Record<string, Hazard>;
	escorts: Record<string, Escort>;
	/** Bursts of refused escort requests, one entry per device or address and window. */
	escortRefusals: Record<string, RefusalGroup>;
};

export { LineCoordinates, PolygonRing };
export type { LngLat };
