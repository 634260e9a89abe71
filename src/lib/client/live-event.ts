import type { z } from 'zod';
import type { EventState } from '$lib/shared/model';
import type {
	Ack,
	CommandName,
	CommandPayload,
	MarshalPosition,
	PresenceUpdate,
	QUERIES,
	QueryAck,
	QueryName
} from '$lib/shared/protocol';
import type { PublicEscort } from '$lib/shared/escort';

/** The realtime link's face as pages see it (made by connectLive in live.svelte.ts). */

export type Connection = 'connecting' | 'live' | 'offline' | 'revoked';

/** A command's payload as callers give it: the command id is made here when absent. */
export type SendPayload<C extends CommandName> = Omit<CommandPayload<C>, 'commandId'> & {
	commandId?: string;
};

export interface LiveEvent {
	/** The event as this client may see it, folded from the journal. Reassigned, never mutated. */
	readonly state: EventState;
	readonly connection: Connection;
	/** Sends a command and waits for its ack; never throws. */
	send<C extends CommandName>(name: C, payload: SendPayload<C>, timeoutMs?: number): Promise<Ack>;
	/** Asks a question that changes nothing (e.g. dispatch suggestions); never throws. */
	query<Q extends QueryName>(
		name: Q,
		payload: QueryPayload<Q>,
		timeoutMs?: number
	): Promise<QueryAck<Q>>;
	/**
	 * Marshals' live positions by marshal id (control room only; always empty elsewhere).
	 * Replaced wholesale by each batch, about once a second.
	 */
	readonly positions: ReadonlyMap<string, MarshalPosition>;
	/**
	 * A visitor's own escort request as the server last described it (public pages only;
	 * always null elsewhere). Kept in memory only: a reload asks the server again.
	 */
	readonly escort: PublicEscort | null;
	/** Shares this phone's position (marshals on shift). Volatile: dropped, not queued, when offline. */
	sharePosition(update: PresenceUpdate): void;
	close(): void;
}

export type QueryPayload<Q extends QueryName> = z.input<(typeof QUERIES)[Q]['payload']>;

export type LiveOptions = {
	snapshot: EventState;
	/**
	 * The one-use ticket the page was rendered with ('' for none); later connections fetch
	 * fresh ones.
	 */
	ticket: string;
	ticketUrl?: string;
	/** Server URL; same origin when absent (tests pass one). */
	url?: string;
	fetcher?: typeof fetch;
};
