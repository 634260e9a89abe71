import { z } from 'zod';
import { HAZARD_LIFETIME_SECONDS, HAZARD_RADIUS } from './awareness';
import { LngLat } from './geo';
import {
	AdvisoryAudience,
	Id,
	IncidentCategory,
	IncidentState,
	PoliceKind,
	Role,
	Severity,
	Text,
	ZoneStatus
} from './model';
import { PhotoId } from './photo-id';
import { EscortDescription, EscortDestination } from './escort';

/**
 * The command catalog of the realtime protocol (see protocol.ts): who may send each command
 * and its payload's strict schema.
 */

/** Every command carries the id its client made, so a re-send is recognised. */
const command = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ commandId: Id, ...shape });

export const COMMANDS = {
	'zone:set-status': {
		roles: ['organiser'],
		payload: command({ zoneId: Id, status: ZoneStatus, verified: z.boolean() })
	},
	'marshal:start-shift': { roles: ['marshal'], payload: command({}) },
	'marshal:end-shift': { roles: ['marshal'], payload: command({}) },
	'marshal:set-status': {
		roles: ['marshal'],
		payload: command({ status: z.enum(['available', 'on-break']) })
	},
	'incident:report': {
		roles: ['marshal'],
		payload: command({
			incidentId: Id,
			category: IncidentCategory,
			severity: Severity,
			position: LngLat.optional(),
			description: Text(1000).optional(),
			onBehalf: z.boolean().default(false),
			/** A photo the phone uploaded before sending this (PUT /api/photos/<id>). */
			photoId: PhotoId.optional()
		})
	},
	'incident:transition': {
		roles: ['organiser'],
		payload: command({
			incidentId: Id,
			to: IncidentState,
			reason: Text(300).optional(),
			duplicateOf: Id.optional()
		})
	},
	'advisory:post': {
		roles: ['organiser'],
		payload: command({
			advisoryId: Id,
			audience: AdvisoryAudience,
			sectorId: Id.nullable().default(null),
			text: Text(280),
			expiresInMinutes: z
				.number()
				.int()
				.min(1)
				.max(24 * 60)
		})
	},
	'advisory:withdraw': { roles: ['organiser'], payload: command({ advisoryId: Id }) },
	'device:revoke': { roles: ['organiser'], payload: command({ deviceId: Id }) },
	'incident:note': {
		roles: ['organiser'],
		payload: command({ incidentId: Id, noteId: Id, text: Text(1000) })
	},
	'incident:link': { roles: ['organiser'], payload: command({ incidentId: Id, otherId: Id }) },
	'incident:police': {
		roles: ['organiser'],
		payload: command({
			incidentId: Id,
			entryId: Id,
			kind: PoliceKind,
			occurredAt: z.iso.datetime().optional(),
			reason: Text(500).optional()
		})
	},
	'incident:acknowledge-escalation': { roles: ['organiser'], payload: command({ incidentId: Id }) },
	'job:offer': {
		roles: ['organiser'],
		payload: command({
			incidentId: Id,
			offers: z
				.array(z.strictObject({ jobId: Id, marshalId: Id }))
				.min(1)
				.max(5)
		})
	},
	'job:accept': { roles: ['marshal'], payload: command({ jobId: Id }) },
	'job:decline': { roles: ['marshal'], payload: command({ jobId: Id, reason: Text(300) }) },
	'job:on-scene': { roles: ['marshal'], payload: command({ jobId: Id }) },
	'job:resolve': { roles: ['marshal'], payload: command({ jobId: Id, outcome: Text(500) }) },
	'job:withdraw': {
		roles: ['organiser'],
		payload: command({ jobId: Id, reason: Text(300).optional() })
	},
	'hazard:mark': {
		roles: ['organiser'],
		payload: command({
			hazardId: Id,
			position: LngLat,
			radiusMetres: z.number().int().min(HAZARD_RADIUS.min).max(HAZARD_RADIUS.max),
			text: Text(200),
			expiresInSeconds: z
				.number()
				.int()
				.min(HAZARD_LIFETIME_SECONDS.min)
				.max(HAZARD_LIFETIME_SECONDS.max)
		})
	},
	'hazard:clear': { roles: ['organiser'], payload: command({ hazardId: Id }) },
	/** Sent by a marshal's phone by itself when broadcasts arrive: "this phone has them". */
	'advisory:receive': {
		roles: ['marshal'],
		payload: command({ advisoryIds: z.array(Id).min(1).max(20) })
	},
	/** "Walk with me": the escortId is the visitor's own, so a re-sent request is recognised. */
	'escort:request': {
		roles: ['public'],
		payload: command({
			escortId: Id,
			position: LngLat,
			destination: EscortDestination.optional(),
			destinationPosition: LngLat.optional(),
			description: EscortDescription.optional()
		})
	},
	/** The visitor cancels their own; the control room cancels any. */
	'escort:cancel': {
		roles: ['public', 'organiser'],
		payload: command({ escortId: Id, reason: Text(300).optional() })
	},
	'escort:accept': { roles: ['marshal'], payload: command({ escortId: Id }) },
	'escort:decline': {
		roles: ['marshal'],
		payload: command({ escortId: Id, reason: Text(300).optional() })
	},
	'escort:walking': { roles: ['marshal'], payload: command({ escortId: Id }) },
	'escort:arrived': { roles: ['marshal'], payload: command({ escortId: Id }) },
	/** The control room asks these marshals too (the offer widens by hand). */
	'escort:offer': {
		roles: ['organiser'],
		payload: command({ escortId: Id, marshalIds: z.array(Id).min(1).max(10) })
	},
	'escort:acknowledge-alarm': { roles: ['organiser'], payload: command({ escortId: Id }) },
	'escort:acknowledge-refusals': { roles: ['organiser'], payload: command({ groupId: Id }) }
} as const satisfies Record<string, { roles: readonly Role[]; payload: z.ZodType }>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export type CommandPayload<C extends CommandName> = z.input<(typeof COMMANDS)[C]['payload']>;
export type ParsedCommand<C extends CommandName> = z.output<(typeof COMMANDS)[C]['payload']>;
