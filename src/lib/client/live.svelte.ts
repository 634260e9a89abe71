import { io, type Socket } from 'socket.io-client';
import { newId } from '$lib/shared/ids';
import type { EventState } from '$lib/shared/model';
import {
	AckSchema,
	QUERIES,
	type MarshalPosition,
	type PresenceBatch,
	type QueryAck,
	type QueryName,
	type Ack,
	type ClientToServerEvents,
	type CommandName,
	type CommandPayload,
	type JournalBatch,
	type ServerToClientEvents,
	type Snapshot
} from '$lib/shared/protocol';
import { classifyConnectError, reconcile, retryDelay } from './sync';
import { fetchTicket, DEFAULT_TICKET_URL } from './ticket';
import { positionMap } from './positions';
import { EscortStatus, type PublicEscort } from '$lib/shared/escort';
import type { Connection, LiveEvent, LiveOptions, QueryPayload, SendPayload } from './live-event';

export type { Connection, LiveEvent, LiveOptions, QueryPayload, SendPayload } from './live-event';

type HavenSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AuthPayload = { ticket: string; since: number };

const unavailable = (message: string): Ack => ({ ok: false, code: 'unavailable', message });

/**
 * The browser's realtime link to one event: connects with a ticket, folds
 * journal batches with the shared reducer, asks for what it missed after a gap,
 * and re-authenticates with a fresh ticket on every reconnection.
 */
export function connectLive(opts: LiveOptions): LiveEvent {
	let current = $state.raw<EventState>(opts.snapshot);
	let connection = $state<Connection>('connecting');
	let positions = $state.raw<ReadonlyMap<string, MarshalPosition>>(positionMap([]));
	let escort = $state.raw<PublicEscort | null>(null);

	const ticketUrl = opts.ticketUrl ?? DEFAULT_TICKET_URL;
	// An empty ticket (a page saved for offline use) means: fetch one when connecting.
	let pageTicket: string | null = opts.ticket || null;
	/** Whether the handshake under way used the page's ticket (which may be stale). */
	let usedPageTicket = false;
	let awaitingFirst = true;
	let syncingFrom: number | null = null;
	let retryTimer: ReturnType<typeof setTimeout> | null = null;
	let retries = 0;
	let closed = false;

	const socketOpts = {
		transports: ['websocket'],
		auth: (cb: (data: AuthPayload) => void) => {
			if (pageTicket !== null) {
				const ticket = pageTicket;
				pageTicket = null;
				usedPageTicket = true;
				cb({ ticket, since: current.seq });
				return;
			}
			usedPageTicket = false;
			void fetchTicket(ticketUrl, opts.fetcher).then((result) => {
				if (closed || connection === 'revoked') return;
				if (result.kind === 'ok') cb({ ticket: result.ticket, since: current.seq });
				else if (result.kind === 'revoked') revoke();
				else retryLater();
			});
		}
	};
	const socket: HavenSocket = opts.url ? io(opts.url, socketOpts) : io(socketOpts);

	function revoke() {
		connection = 'revoked';
		clearRetry();
		socket.disconnect();
	}

	function clearRetry() {
		if (retryTimer !== null) clearTimeout(retryTimer);
		retryTimer = null;
	}

	/** For refusals the manager will not retry by itself (server-side rejects and disconnects). */
	function retryLater() {
		if (closed || connection === 'revoked') return;
		connection = 'offline';
		socket.disconnect();
		clearRetry();
		retryTimer = setTimeout(() => {
			retryTimer = null;
			if (!closed && connection !== 'revoked') socket.connect();
		}, retryDelay(retries++));
	}

	function goLive() {
		if (!awaitingFirst) return;
		awaitingFirst = false;
		retries = 0;
		connection = 'live';
	}

	function requestSince(since: number) {
		if (syncingFrom === since) return;
		syncingFrom = since;
		socket
			.timeout(10_000)
			.emitWithAck('sync:since', { since })
			.then((ack) => {
				if (!ack.ok) throw new Error(ack.message);
			})
			.catch(() => {
				// No resend is coming: reconnect, and the handshake's `since` resyncs us.
				if (!closed && connection !== 'revoked' && socket.connected) {
					socket.disconnect();
					socket.connect();
				}
			})
			.finally(() => {
				if (syncingFrom === since) syncingFrom = null;
			});
	}

	socket.on('connect', () => {
		awaitingFirst = true;
		syncingFrom = null;
		if (connection !== 'revoked') connection = 'connecting';
	});

	socket.on('journal:batch', (batch: JournalBatch) => {
		const { state, gapFrom } = reconcile(current, batch);
		if (state !== current) current = state;
		if (gapFrom !== null) requestSince(gapFrom);
		else goLive();
	});

	socket.on('journal:snapshot', (snap: Snapshot) => {
		current = snap.state;
		syncingFrom = null;
		goLive();
	});

	socket.on('session:revoked', () => revoke());

	socket.on('presence:batch', (batch: PresenceBatch) => {
		positions = positionMap(batch.positions, positions);
	});

	socket.on('escort:status', (raw: unknown) => {
		const parsed = EscortStatus.safeParse(raw);
		if (parsed.success) escort = parsed.data.escort;
	});

	socket.on('connect_error', (err: Error) => {
		if (closed || connection === 'revoked') return;
		const kind = classifyConnectError(err.message);
		if (kind === 'revoked' || (kind === 'unauthorised' && !usedPageTicket)) {
			revoke();
			return;
		}
		connection = 'offline';
		// The page's ticket may simply be stale (a page restored from cache): fetch a fresh one.
		if (kind === 'unauthorised') retryLater();
		// Refused by the server's middleware: the manager will not retry by itself.
		else if (!socket.active) retryLater();
	});

	socket.on('disconnect', (reason) => {
		if (closed || connection === 'revoked') return;
		connection = 'offline';
		if (reason === 'io server disconnect') retryLater();
	});

	const onOnline = () => {
		if (!closed && connection === 'offline' && !socket.connected && retryTimer !== null) {
			clearRetry();
			socket.connect();
		}
	};
	if (typeof window !== 'undefined') window.addEventListener('online', onOnline);

	async function send<C extends CommandName>(
		name: C,
		payload: SendPayload<C>,
		timeoutMs = 10_000
	): Promise<Ack> {
		if (connection === 'revoked') return unavailable('This device has been signed out.');
		if (!socket.connected) return unavailable('Not connected: try again when the link is back.');
		const body = { commandId: newId(), ...payload } as CommandPayload<C>;
		try {
			// The catalog's per-command parameter tuples do not survive a generic name, so the
			// emit is typed loosely here; the reply is validated with AckSchema instead.
			const timed = socket.timeout(timeoutMs) as unknown as {
				emitWithAck(ev: CommandName, p: CommandPayload<C>): Promise<unknown>;
			};
			const raw = await timed.emitWithAck(name, body);
			const ack = AckSchema.safeParse(raw);
			return ack.success ? ack.data : { ok: false, code: 'internal', message: 'Malformed reply.' };
		} catch {
			return unavailable('No answer from the server in time: it may not have arrived.');
		}
	}

	async function query<Q extends QueryName>(
		name: Q,
		payload: QueryPayload<Q>,
		timeoutMs = 10_000
	): Promise<QueryAck<Q>> {
		if (!socket.connected) {
			return { ok: false, code: 'unavailable', message: 'Not connected: try again shortly.' };
		}
		try {
			const timed = socket.timeout(timeoutMs) as unknown as {
				emitWithAck(ev: QueryName, p: QueryPayload<Q>): Promise<unknown>;
			};
			const raw = (await timed.emitWithAck(name, payload)) as { ok?: unknown } | null;
			if (raw && raw.ok === true) {
				const result = QUERIES[name].result.safeParse(raw);
				if (result.success) return { ok: true, ...result.data } as unknown as QueryAck<Q>;
			} else {
				const err = AckSchema.safeParse(raw);
				if (err.success && !err.data.ok) return err.data;
			}
			return { ok: false, code: 'internal', message: 'Malformed reply.' };
		} catch {
			return { ok: false, code: 'unavailable', message: 'No answer from the server in time.' };
		}
	}

	return {
		get state() {
			return current;
		},
		get connection() {
			return connection;
		},
		get positions() {
			return positions;
		},
		get escort() {
			return escort;
		},
		send,
		query,
		sharePosition(update) {
			if (socket.connected) socket.volatile.emit('presence:update', update);
		},
		close() {
			closed = true;
			clearRetry();
			if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
			socket.disconnect();
			socket.removeAllListeners();
		}
	};
}
