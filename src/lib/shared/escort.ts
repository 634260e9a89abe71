import { z } from 'zod';
import { LngLat } from './geo';
import { Id, Text } from './model';
import { DISTANCE_BANDS } from './escort-labels';
import { ESCORT_STATES, OPEN_ESCORT_STATES, isOpenEscort } from './vocabulary';

/**
 * "Walk with me": an attendee asks for a marshal to walk with them. An escort is its own
 * entity (not a job on an incident): it has its own offers to several marshals at once,
 * first accept wins, and it belongs to an anonymous device, not to a report.
 * See docs/decisions/0006-escorts-as-their-own-entity.md.
 */

export { ESCORT_STATES, OPEN_ESCORT_STATES, isOpenEscort };
export const EscortState = z.enum(ESCORT_STATES);
export type EscortState = z.infer<typeof EscortState>;

export const ESCORT_CANCELLERS = ['visitor', 'control'] as const;
export const EscortCanceller = z.enum(ESCORT_CANCELLERS);

/** Words of a request, capped: enough to find someone, never an essay. */
export const EscortDestination = Text(200);
export const EscortDescription = Text(300);
export const CodeWord = Text(40);

/** What a marshal needs to find the visitor, carried by every offer (they may hold nothing else). */
export const EscortBrief = z.object({
	/** Null once the escort's positions were deleted after the retention period (see POSITIONS_DELETED). */
	pickup: LngLat.nullable(),
	destination: EscortDestination.optional(),
	destinationPosition: LngLat.optional(),
	description: EscortDescription.optional(),
	requestedAt: z.iso.datetime()
});
export type EscortBrief = z.infer<typeof EscortBrief>;

export type Escort = {
	id: string;
	/** The requesting device's anonymous session id; control room only (absent elsewhere). */
	deviceId?: string;
	state: EscortState;
	/** Null once deleted after the retention period; destination and description go with it. */
	pickup: LngLat | null;
	destination?: string;
	destinationPosition?: LngLat;
	description?: string;
	/** Shown to the visitor and the accepting marshal, so a real marshal can be told from an impostor. */
	codeWord?: string;
	requestedAt: string;
	updatedAt: string;
	/** The current offer round: 0 at the request, +1 each time it widens after no answer. */
	round: number;
	respondBy: string;
	offeredTo: string[];
	declinedBy: string[];
	marshalId: string | null;
	/** Set while nobody has accepted in time (or everyone offered declined); cleared by accept or acknowledgement. */
	alarm: { at: string; round: number } | null;
	/** Once nobody answered in time: the visitor is told the control room knows and more marshals are asked. */
	escalated: boolean;
	closedAt: string | null;
	cancelledBy?: z.infer<typeof EscortCanceller>;
	/** When the precise positions and words were deleted after the retention period. */
	positionsDeletedAt?: string;
};

export { BAND_LABELS, DISTANCE_BANDS, POSITIONS_DELETED } from './escort-labels';

/** Refused escort requests from one device or one network address, grouped into one entry. */
export type RefusalGroup = {
	id: string;
	source: 'device' | 'network';
	count: number;
	since: string;
	lastAt: string;
	acknowledged: boolean;
};

export const DistanceBand = z.enum(DISTANCE_BANDS);
export type DistanceBand = z.infer<typeof DistanceBand>;

/** Bands, never metres: an exact distance to a person, asked repeatedly, is a position. */
export function bandOf(metres: number): DistanceBand {
	if (metres < 250) return 'under-250';
	if (metres < 500) return '250-500';
	if (metres < 1000) return '500-1000';
	return 'over-1000';
}

/** A time estimate from the band alone (walking pace), so it cannot reveal more than the band. */
export const BAND_ETA: Record<DistanceBand, string> = {
	'under-250': 'about 3 minutes',
	'250-500': '4–7 minutes',
	'500-1000': '7–14 minutes',
	'over-1000': 'over 14 minutes'
};

/**
 * The whole of what a visitor is ever told about their own escort: this schema is the
 * allow-list (strict, so an extra field fails loudly in tests instead of leaking).
 */
export const PublicEscort = z.strictObject({
	escortId: Id,
	state: EscortState,
	codeWord: CodeWord,
	/** Display name of the marshal who accepted; null before. */
	marshalName: z.string().max(60).nullable(),
	band: DistanceBand.nullable(),
	eta: z.string().max(40).nullable(),
	/** True once nobody accepted in time: the control room is alerted and more marshals are asked. */
	escalated: z.boolean(),
	requestedAt: z.iso.datetime(),
	closedAt: z.iso.datetime().nullable(),
	cancelledBy: EscortCanceller.nullable()
});
export type PublicEscort = z.infer<typeof PublicEscort>;

/** The server's message to one visitor: their own escort, or none. */
export const EscortStatus = z.strictObject({ escort: PublicEscort.nullable() });
export type EscortStatus = z.infer<typeof EscortStatus>;

/** A closed escort stays on the visitor's page this long, then it is gone. */
export const CLOSED_ESCORT_SHOWN_MS = 15 * 60_000;
