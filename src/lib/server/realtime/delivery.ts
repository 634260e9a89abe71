import type { Socket } from 'socket.io';
import { viewEvent, viewState, type Audience } from '$lib/shared/views';
import type { JournalEvent } from '$lib/shared/journal';
import type {
	ClientToServerEvents,
	InterServerEvents,
	JournalBatch,
	ServerToClientEvents,
	SocketData
} from '$lib/shared/protocol';
import type { EventRuntime } from '../services/event-runtime';

export type HavenSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

/** Where one socket stands in the journal. */
type Cursor = {
	/** Every event up to here has been considered for this socket. */
	scanned: number;
	/** The last seq this socket was actually sent: its client's state.seq. */
	lastSent: number;
};

export function audienceOf(data: SocketData): Audience {
	if (data.role === 'organiser') return { role: 'organiser' };
	if (data.role === 'marshal') return { role: 'marshal', marshalId: data.subjectId ?? '' };
	return { role: 'public', sessionId: data.sessionId };
}

/**
 * Sockets other than the control room's are brought up to date a slice at a time, between
 * turns of the event loop: at most SLICE sockets and at most SLICE_MS (at least one socket).
 * A report in a sector goes to a third of the marshals: on one process with 250 phones that
 * was one 20 ms stretch of socket writes after every report, and the next report (and its way
 * to the control room) waited behind it. 32 sockets alone still took up to 6 ms at p99 (16 ms
 * at worst) under the fan-out bench's load, as a socket's cost varies with what it is sent;
 * the time budget bounds the wait itself.
 */
const SLICE = 32;
const SLICE_MS = 2;

/**
 * Phones and visitors are sent at most one round of batches per ROUND_MS. The first change
 * after a quiet spell goes out at once; during a storm a phone gets what happened in the last
 * half second as one batch, not one packet per report. Each packet is a socket write on the
 * server (the biggest share of its CPU under the fan-out bench's load, before this), a wake-up
 * for a phone's radio on bad signal, and a redraw. Half a second is nothing to a marshal
 * reading a colleague's report; what a phone asked for itself is sent at once (`pump` after
 * its command), never held back.
 */
export const ROUND_MS = 500;

/**
 * Per-socket, in-order, exactly-once delivery from this process's copy of the
 * journal. Each batch names the seq the client must already hold (`prev`), so a
 * client that missed anything notices and asks again. Events the audience may not
 * see are skipped silently: no empty batch betrays that something happened.
 */
export class Delivery {
	#cursors = new WeakMap<HavenSocket, Cursor>();
	/** Sockets to pump in the next round; a Set, so a socket is pumped once a round. */
	#due = new Set<HavenSocket>();
	/** The round being sent, a slice at a time. */
	#round: HavenSocket[] = [];
	#scheduled = false;
	#lastRound = -Infinity;

	/**
	 * `broadcast` sends one batch to several of this process's sockets, encoded once (Socket.IO's
	 * `io.local.to(ids)`); without it each socket gets its own emit.
	 */
	constructor(
		private readonly runtime: EventRuntime,
		private readonly broadcast?: (socketIds: string[], batch: JournalBatch) => void,
		private readonly onPumpError?: (err: unknown) => void
	) {}

	/**
	 * Brings every socket up to date after new events: the control room first (the audience
	 * that must never wait), at once; then everyone else in the next round (ROUND_MS), a
	 * slice per turn of the event loop, so incoming commands are read in between. Organiser sockets that stand at the
	 * same place in the journal see the same thing, so their batch is shaped and encoded once.
	 * Order and exactly-once hold either way: each pump sends what lies after its socket's
	 * cursor, whenever it runs.
	 */
	pumpAll(sockets: Iterable<HavenSocket>): void {
		const groups = new Map<string, { cursor: Cursor; sockets: HavenSocket[] }>();
		const others: HavenSocket[] = [];
		for (const socket of sockets) {
			const cursor = this.#cursors.get(socket);
			if (!cursor || !socket.connected) continue;
			if (socket.data.role !== 'organiser' || !this.broadcast) {
				others.push(socket);
				continue;
			}
			const key = `${cursor.scanned}:${cursor.lastSent}`;
			const group = groups.get(key);
			if (group) group.sockets.push(socket);
			else groups.set(key, { cursor: { ...cursor }, sockets: [socket] });
		}
		for (const group of groups.values()) this.#pumpGroup(group.cursor, group.sockets);
		for (const socket of others) this.#due.add(socket);
		this.#drain();
	}

	/** Starts the next round as soon as the last one is ROUND_MS old, unless one is pending. */
	#drain(): void {
		if (this.#scheduled || this.#due.size === 0) return;
		this.#scheduled = true;
		const wait = this.#lastRound + ROUND_MS - performance.now();
		const start = () => {
			this.#lastRound = performance.now();
			this.#round = [...this.#due];
			this.#due.clear();
			this.#slice(0);
		};
		if (wait > 0) setTimeout(start, wait);
		else setImmediate(start);
	}

	#slice(from: number): void {
		const until = performance.now() + SLICE_MS;
		let i = from;
		while (i < this.#round.length) {
			try {
				this.pump(this.#round[i]);
			} catch (err) {
				// Outside the caller's stack now: one socket's failure must not end the process.
				this.onPumpError?.(err);
			}
			i++;
			if (i - from === SLICE || performance.now() >= until) break;
		}
		if (i < this.#round.length) {
			setImmediate(() => this.#slice(i));
			return;
		}
		this.#round = [];
		this.#scheduled = false;
		this.#drain();
	}

	#pumpGroup(from: Cursor, sockets: HavenSocket[]): void {
		if (sockets.length === 1) return this.pump(sockets[0]);
		const pending = this.runtime.eventsAfter(from.scanned);
		if (pending === null) {
			for (const socket of sockets) this.#snapshot(socket);
			return;
		}
		if (pending.length === 0) return;
		const visible = this.#visible({ role: 'organiser' }, pending);
		const next: Cursor = {
			scanned: pending[pending.length - 1].seq,
			lastSent: visible.length ? visible[visible.length - 1].seq : from.lastSent
		};
		for (const socket of sockets) this.#cursors.set(socket, { ...next });
		if (visible.length === 0) return;
		this.broadcast!(
			sockets.map((s) => s.id),
			{ prev: from.lastSent, events: visible }
		);
	}

	#visible(audience: Audience, pending: JournalEvent[]): JournalEvent[] {
		const state = this.runtime.state;
		const visible: JournalEvent[] = [];
		for (const e of pending) {
			const shaped = viewEvent(audience, e, state);
			if (shaped) visible.push(shaped);
		}
		return visible;
	}

	/** Starts (or restarts, on `sync:since`) a socket from the seq its client holds. */
	start(socket: HavenSocket, since: number): void {
		if (since > this.runtime.head) {
			// The client knows a future we don't: the journal was reset. Start it afresh.
			this.#snapshot(socket);
			return;
		}
		this.#cursors.set(socket, { scanned: since, lastSent: since });
		this.pump(socket, true);
	}

	/** Sends whatever this socket has not yet been sent. Synchronous, so never interleaved. */
	pump(socket: HavenSocket, announce = false): void {
		const cursor = this.#cursors.get(socket);
		if (!cursor || !socket.connected) return;
		const pending = this.runtime.eventsAfter(cursor.scanned);
		if (pending === null) {
			this.#snapshot(socket);
			return;
		}
		const visible = this.#visible(audienceOf(socket.data), pending);
		if (pending.length) cursor.scanned = pending[pending.length - 1].seq;
		if (visible.length === 0 && !announce) return;
		socket.emit('journal:batch', { prev: cursor.lastSent, events: visible });
		if (visible.length) cursor.lastSent = visible[visible.length - 1].seq;
	}

	#snapshot(socket: HavenSocket): void {
		const state = viewState(audienceOf(socket.data), this.runtime.state);
		socket.emit('journal:snapshot', { state });
		this.#cursors.set(socket, { scanned: state.seq, lastSent: state.seq });
	}
}
