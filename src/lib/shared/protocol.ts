import { z } from 'zod';
import { LngLat } from './geo';
import { Actor, Id, MarshalStatus, Role } from './model';
import type { JournalEvent } from './journal';
import type { EscortStatus } from './escort';
import type { EventState } from './model';
import type { CommandName, CommandPayload } from './commands';

/**
 * The realtime protocol, declared once. Commands go client -> server and are
 * acknowledged; server messages go server -> client. Socket.IO's event maps are
 * derived from these tables (the commands in commands.ts, the queries below), never
 * written by hand.
 */

export {
	COMMANDS,
	COMMAND_NAMES,
	type CommandName,
	type CommandPayload,
	type ParsedCommand
} from './commands';

export const ERROR_CODES = [
	'invalid', // the payload failed its schema
	'unknown-command',
	'forbidden', // this role may not do this
	'not-found',
	'conflict', // the state does not allow it (e.g. a transition)
	'rate-limited',
	'unavailable', // the store could not be reached; safe to retry
	'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Issue = { path: string; message: string };
export type AckOk = { ok: true; seq: number };
export type AckError = { ok: false; code: ErrorCode; message: string; issues?: Issue[] };
export type Ack = AckOk | AckError;

export const AckSchema = z.discriminatedUnion('ok', [
	z.object({ ok: z.literal(true), seq: z.number().int().nonnegative() }),
	z.object({
		ok: z.literal(false),
		code: z.enum(ERROR_CODES),
		message: z.string(),
		issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
	})
]);

/**
 * Questions that change nothing and are not journaled; answered in the ack.
 */
export const QUERIES = {
	'dispatch:suggest': {
		roles: ['organiser'],
		payload: z.strictObject({
			incidentId: Id,
			limit: z.number().int().min(1).max(20).default(5)
		}),
		result: z.object({
			suggestions: z.array(
				z.object({
					marshalId: Id,
					/** Straight-line distance from the marshal's last position; null when unknown. */
					distanceMetres: z.number().nonnegative().nullable(),
					status: MarshalStatus,
					lastSeenAt: z.iso.datetime().nullable()
				})
			)
		})
	},
	/**
	 * An incident's whole timeline. Snapshots carry incidents without their timelines (half of
	 * a long night's snapshot, and only ever read for the one record that is open), so the
	 * record asks for it when it opens and again when the incident changes.
	 */
	'incident:timeline': {
		roles: ['organiser'],
		payload: z.strictObject({ incidentId: Id }),
		result: z.object({
			timeline: z.array(
				z.object({
					seq: z.number().int().nonnegative(),
					at: z.string(),
					actor: Actor,
					type: z.string(),
					summary: z.string()
				})
			)
		})
	}
} as const satisfies Record<
	string,
	{ roles: readonly Role[]; payload: z.ZodType; result: z.ZodType }
>;

export type QueryName = keyof typeof QUERIES;
export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];
export type QueryResult<Q extends QueryName> = z.infer<(typeof QUERIES)[Q]['result']>;
export type QueryAck<Q extends QueryName> = ({ ok: true } & QueryResult<Q>) | AckError;

/** A marshal's phone reports where it is while on shift: volatile, superseded, never journaled. */
export const PresenceUpdate = z.strictObject({
	position: LngLat,
	/** Metres, as the browser's geolocation reports it. */
	accuracy: z.number().nonnegative().max(100_000),
	at: z.iso.datetime()
});
export type PresenceUpdate = z.infer<typeof PresenceUpdate>;

export type MarshalPosition = PresenceUpdate & { marshalId: string };
/** Sent to control rooms about once a second: every known position, latest only. */
export type PresenceBatch = { positions: MarshalPosition[] };

/** Batches of journal events, in order; `prev` is the seq the receiver must already hold. */
export type JournalBatch = { prev: number; events: JournalEvent[] };
/** Sent instead of a batch when the receiver is too far behind to replay. */
export type Snapshot = { state: EventState };

export type SyncRequest = { since: number };
export const SyncRequestSchema = z.strictObject({ since: z.number().int().nonnegative() });

/** Socket.IO's four maps, derived from the catalog. */
export type ClientToServerEvents = {
	[C in CommandName]: (payload: CommandPayload<C>, ack: (a: Ack) => void) => void;
} & {
	[Q in QueryName]: (
		payload: z.input<(typeof QUERIES)[Q]['payload']>,
		ack: (a: QueryAck<Q>) => void
	) => void;
} & {
	'sync:since': (req: SyncRequest, ack: (a: Ack) => void) => void;
	'presence:update': (update: PresenceUpdate) => void;
};

export type ServerToClientEvents = {
	'journal:batch': (batch: JournalBatch) => void;
	'journal:snapshot': (snap: Snapshot) => void;
	'session:revoked': (info: { reason: string }) => void;
	'presence:batch': (batch: PresenceBatch) => void;
	/** To a visitor only: their own escort as publicEscortView allows, or null. */
	'escort:status': (status: EscortStatus) => void;
};

export type InterServerEvents = Record<string, never>;

export type SocketData = {
	sessionId: string;
	eventId: string;
	role: z.infer<typeof Role>;
	subjectId: string | null;
};

/** What a client passes in the handshake `auth` payload. */
export const HandshakeAuth = z.strictObject({
	ticket: z.string().min(10).max(512),
	since: z.number().int().nonnegative().default(0)
});
export type HandshakeAuth = z.input<typeof HandshakeAuth>;

/** Caps on the wire: a command never needs more than this. */
export const MAX_PACKET_BYTES = 64 * 1024;
