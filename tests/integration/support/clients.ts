import { io, type Socket } from 'socket.io-client';
import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import type { Ack, HandshakeAuth, JournalBatch, Snapshot } from '$lib/shared/protocol';
import { apply, emptyState } from '$lib/shared/reducer';

export const WAIT_MS = 5000;

export type Received =
	{ kind: 'batch'; batch: JournalBatch } | { kind: 'snapshot'; snapshot: Snapshot };

/** A real socket.io-client connection that records everything the server sends it. */
export type TestClient = {
	/** Untyped on purpose: the fuzz tests send what the typed maps would not allow. */
	socket: Socket;
	/** Batches and snapshots, in arrival order. */
	received: Received[];
	/** Every journal event received, in arrival order. */
	events: JournalEvent[];
	/** `session:revoked` messages. */
	revoked: { reason: string }[];
	/** Every server message as its JSON text: `[name, ...args]`. */
	wire: string[];
	/** The client's fold of what it received, as the browser keeps it. */
	state: EventState;
	command(name: string, payload: unknown, timeoutMs?: number): Promise<Ack>;
	waitForEvent(
		match: (e: JournalEvent) => boolean,
		what: string,
		timeoutMs?: number
	): Promise<JournalEvent>;
	/** Resolves when the server has closed this connection (or it was closed locally). */
	disconnected: Promise<string>;
	close(): void;
};

export type ConnectOptions = {
	eventId: string;
	/** A state to keep folding into (a reconnect); `since` defaults to its seq. */
	state?: EventState;
};

/** Polls `probe` until it returns something truthy, or fails naming what it waited for. */
export async function until<T>(
	probe: () => T | null | undefined | false,
	what: string,
	timeoutMs = WAIT_MS
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

function open(url: string, auth: HandshakeAuth): Socket {
	return io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
}

/**
 * Connects and resolves once the server's first delivery (a batch, possibly empty, or a
 * snapshot) has arrived, so the client is caught up with what it may see.
 */
export function connectClient(
	url: string,
	auth: HandshakeAuth,
	opts: ConnectOptions
): Promise<TestClient> {
	const socket = open(url, auth);
	const client: TestClient = {
		socket,
		received: [],
		events: [],
		revoked: [],
		wire: [],
		state: opts.state ?? emptyState(opts.eventId),
		command: (name, payload, timeoutMs = WAIT_MS) =>
			socket.timeout(timeoutMs).emitWithAck(name, payload) as Promise<Ack>,
		waitForEvent: (match, what, timeoutMs) =>
			until(() => client.events.find(match), what, timeoutMs),
		disconnected: new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason))),
		close: () => {
			socket.disconnect();
		}
	};
	socket.onAny((name: string, ...args: unknown[]) => {
		client.wire.push(JSON.stringify([name, ...args]));
	});
	socket.on('journal:batch', (batch: JournalBatch) => {
		client.received.push({ kind: 'batch', batch });
		for (const e of batch.events) {
			client.events.push(e);
			client.state = apply(client.state, e);
		}
	});
	socket.on('journal:snapshot', (snapshot: Snapshot) => {
		client.received.push({ kind: 'snapshot', snapshot });
		client.state = snapshot.state;
	});
	socket.on('session:revoked', (info: { reason: string }) => client.revoked.push(info));

	return new Promise((resolve, reject) => {
		let failed = false;
		const fail = (err: Error) => {
			failed = true;
			socket.disconnect();
			reject(err);
		};
		socket.once('connect_error', (err) => fail(new Error(`connect_error: ${err.message}`)));
		until(() => failed || client.received.length > 0, `the first delivery from ${url}`).then(
			() => failed || resolve(client),
			fail
		);
	});
}

/** Expects the handshake to be refused; resolves with the server's reason. */
export function connectRefused(url: string, auth: HandshakeAuth): Promise<string> {
	const socket = open(url, auth);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.disconnect();
			reject(new Error('the server neither accepted nor refused the connection'));
		}, WAIT_MS);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.disconnect();
			reject(new Error('the server accepted a connection it should have refused'));
		});
		socket.once('connect_error', (err) => {
			clearTimeout(timer);
			socket.disconnect();
			resolve(err.message);
		});
	});
}

/** Keeps every client a test opens, so afterEach/afterAll can close them all. */
export function clientPool() {
	const clients = new Set<TestClient>();
	return {
		async connect(url: string, auth: HandshakeAuth, opts: ConnectOptions) {
			const client = await connectClient(url, auth, opts);
			clients.add(client);
			return client;
		},
		closeAll() {
			for (const c of clients) c.close();
			clients.clear();
		}
	};
}

/** Asserts the `prev` chain of batches: each names the last seq sent before it. */
export function batchChain(received: Received[], start: number): string | null {
	let last = start;
	for (const r of received) {
		if (r.kind === 'snapshot') return `got a snapshot at seq ${r.snapshot.state.seq}`;
		if (r.batch.prev !== last) return `batch prev ${r.batch.prev}, expected ${last}`;
		if (r.batch.events.length) last = r.batch.events[r.batch.events.length - 1].seq;
	}
	return null;
}

/** `promise`, or a failure naming what did not happen within `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
