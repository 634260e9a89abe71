import { z } from 'zod';
import { LngLat } from './geo';
import { Id } from './model';
import {
	CodeWord,
	EscortBrief,
	EscortCanceller,
	EscortDescription,
	EscortDestination
} from './escort';

/** The escort part of the journal table (spread into JOURNAL_EVENTS). */
export const ESCORT_EVENTS = {
	'escort:requested': z.object({
		escortId: Id,
		/** The anonymous device session that asked; the control room's only, never shown elsewhere. */
		deviceId: Id,
		/** Null when read back after the escort's key was deleted (retention). */
		pickup: LngLat.nullable(),
		destination: EscortDestination.optional(),
		destinationPosition: LngLat.optional(),
		description: EscortDescription.optional(),
		codeWord: CodeWord
	}),
	/** Offered to these marshals (the first round picks the nearest free ones; later rounds widen). */
	'escort:offered': z.object({
		escortId: Id,
		marshalIds: z.array(Id).max(50),
		round: z.number().int().min(0).max(100),
		respondBy: z.iso.datetime(),
		brief: EscortBrief
	}),
	/** Appended by the server when a round passes with nobody accepting (or nobody to ask). */
	'escort:unanswered': z.object({ escortId: Id, round: z.number().int().min(0).max(100) }),
	'escort:accepted': z.object({
		escortId: Id,
		marshalId: Id,
		/** Only the accepting marshal (and the control room) receive it. */
		codeWord: CodeWord.optional()
	}),
	'escort:declined': z.object({
		escortId: Id,
		marshalId: Id,
		reason: z.string().trim().min(1).max(300).optional()
	}),
	'escort:walking': z.object({ escortId: Id }),
	'escort:arrived': z.object({ escortId: Id }),
	'escort:cancelled': z.object({
		escortId: Id,
		by: EscortCanceller,
		reason: z.string().trim().min(1).max(300).optional()
	}),
	'escort:alarm-acknowledged': z.object({ escortId: Id }),
	/**
	 * Appended by the server once an escort has been closed for the retention period, after
	 * its key was deleted: every view drops the precise positions and words it still holds.
	 */
	'escort:positions-deleted': z.object({ escortId: Id }),
	/** One grouped entry for a burst of refused requests; later refusals update its count. */
	'escort:requests-refused': z.object({
		groupId: Id,
		source: z.enum(['device', 'network']),
		count: z.number().int().min(1).max(1_000_000),
		since: z.iso.datetime()
	}),
	'escort:refusals-acknowledged': z.object({ groupId: Id })
} as const;
