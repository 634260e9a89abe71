import { PresenceUpdate, type MarshalPosition, type PresenceBatch } from '$lib/shared/protocol';
import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import type { PresenceStore } from '../store/presence/types';
import { MAX_LATITUDE } from '../store/presence/types';
import type { EventRuntime } from '../services/event-runtime';
import type { Logger } from '../app';
import type { HavenSocket } from './delivery';

/** A phone may move its marshal's dot at most this often; extras are dropped silently. */
export const PRESENCE_THROTTLE_MS = 2000;
/** How often each process looks for changes to send to its control rooms. */
export const PRESENCE_TICK_MS = 1000;
/**
 * Accepted positions reach the presence store in one write per event at most this often (the
 * first after a quiet spell at once). 500 phones every 5 s were 100 Redis scripts a second,
 * each a round trip and a wake-up for a server; control rooms see positions once a second.
 */
export const PRESENCE_WRITE_MS = 250;
/** At most this many positions per write: one script call stays short for Redis. */
const WRITE_BATCH = 200;
/** One warning of each kind per this long: a store outage must not flood the log. */
const WARN_EVERY_MS = 10_000;

type Deps = {
	presence: PresenceStore;
	runtime(eventId: string): Promise<EventRuntime>;
	logger: Logger;
	/**
	 * Sends one batch to several of this process's sockets, encoded once (Socket.IO's
	 * `io.local.to(ids)`); without it each socket gets its own emit.
	 */
	broadcast?: (socketIds: string[], batch: PresenceBatch) => void;
};

/** The error's kind only: a Redis error message can quote the coordinates it refused. */
const kindOf = (err: unknown) => (err instanceof Error ? err.name : typeof err);

const onShift = (state: EventState, marshalId: string) => {
	const m = state.marshals[marshalId];
	return m !== undefined && m.status !== 'off-shift';
};

/**
 * Marshal positions over the sockets of one process. Marshals' phones send
 * `presence:update` (volatile: nothing is acknowledged, anything wrong is dropped);
 * accepted positions go to the presence store (one write per event at most every
 * PRESENCE_WRITE_MS), which every process reads. About once a
 * second each process sends `presence:batch` (every fresh position of marshals on shift)
 * to its own organiser sockets whose last batch differs, and a full batch to an organiser
 * as soon as it connects. Marshals and the public never receive positions.
 */
export class PresenceRelay {
	/** Per event, this process's organiser sockets and the batch each was last sent (JSON). */
	#watchers = new Map<string, Map<HavenSocket, string | null>>();
	/** Per session, when its last position was accepted. */
	#accepted = new Map<string, number>();
	#timer: ReturnType<typeof setInterval>;
	#ticking = false;
	#warned = new Map<string, number>();
	/** Per event, accepted positions not yet written. */
	#unwritten = new Map<string, MarshalPosition[]>();
	#writeTimer: ReturnType<typeof setTimeout> | null = null;
	#lastWrite = -Infinity;
	#closed = false;

	constructor(
		private readonly deps: Deps,
		private readonly opts: { tickMs?: number; throttleMs?: number } = {}
	) {
		this.#timer = setInterval(
			() => void this.tick().catch((err) => this.#warn('presence tick failed', err)),
			opts.tickMs ?? PRESENCE_TICK_MS
		);
		this.#timer.unref();
	}

	/** Call on every connection, before any await, so no early message is missed. */
	attach(socket: HavenSocket): void {
		// Every role has the listener, so the name is known (no unknown-command reply); only
		// marshals' updates are considered.
		socket.on('presence:update', (update: unknown) => {
			this.#onUpdate(socket, update).catch((err) => this.#warn('presence update not stored', err));
		});
		if (socket.data.role !== 'organiser') return;
		const { eventId } = socket.data;
		let watchers = this.#watchers.get(eventId);
		if (!watchers) this.#watchers.set(eventId, (watchers = new Map()));
		watchers.set(socket, null);
		socket.on('disconnect', () => {
			watchers.delete(socket);
			if (watchers.size === 0 && this.#watchers.get(eventId) === watchers) {
				this.#watchers.delete(eventId);
			}
		});
		void this.#send(eventId, [socket]);
	}

	async #onUpdate(socket: HavenSocket, raw: unknown): Promise<void> {
		const { role, sessionId, subjectId, eventId } = socket.data;
		if (role !== 'marshal' || !subjectId || this.#throttled(sessionId)) return;
		const parsed = PresenceUpdate.safeParse(raw);
		if (!parsed.success || Math.abs(parsed.data.position[1]) > MAX_LATITUDE) return;
		const runtime = await this.deps.runtime(eventId);
		const marshal = runtime.state.marshals[subjectId];
		if (!marshal || marshal.status === 'off-shift' || !marshal.devices.includes(sessionId)) return;
		// Checked again: another packet of this session may have been accepted meanwhile.
		if (this.#throttled(sessionId)) return;
		const now = Date.now();
		this.#accepted.set(sessionId, now);
		// A phone's clock may run ahead; a position is never newer than its arrival.
		const at = Math.min(Date.parse(parsed.data.at), now);
		const position: MarshalPosition = {
			marshalId: subjectId,
			position: parsed.data.position,
			accuracy: parsed.data.accuracy,
			at: new Date(at).toISOString()
		};
		this.#queue(eventId, position);
	}

	#queue(eventId: string, position: MarshalPosition): void {
		let unwritten = this.#unwritten.get(eventId);
		if (!unwritten) this.#unwritten.set(eventId, (unwritten = []));
		unwritten.push(position);
		if (this.#writeTimer || this.#closed) return;
		const wait = Math.max(0, this.#lastWrite + PRESENCE_WRITE_MS - performance.now());
		this.#writeTimer = setTimeout(() => void this.#write(), wait);
	}

	/** Writes what has been accepted since the last write; positions arriving meanwhile wait for the next. */
	async #write(): Promise<void> {
		this.#writeTimer = null;
		this.#lastWrite = performance.now();
		const writes: Promise<void>[] = [];
		for (const [eventId, positions] of this.#unwritten) {
			for (let i = 0; i < positions.length; i += WRITE_BATCH) {
				const batch = positions.slice(i, i + WRITE_BATCH);
				writes.push(
					this.deps.presence
						.putMany(eventId, batch)
						.catch((err) => this.#warn('presence update not stored', err))
				);
			}
		}
		this.#unwritten.clear();
		await Promise.all(writes);
	}

	#throttled(sessionId: string): boolean {
		const last = this.#accepted.get(sessionId);
		return last !== undefined && Date.now() - last < (this.opts.throttleMs ?? PRESENCE_THROTTLE_MS);
	}

	/** One round: each event with organisers here gets its batch, where it changed. */
	async tick(): Promise<void> {
		if (this.#ticking) return;
		this.#ticking = true;
		try {
			for (const [eventId, watchers] of this.#watchers) {
				await this.#send(eventId, [...watchers.keys()]);
			}
			const expired = Date.now() - (this.opts.throttleMs ?? PRESENCE_THROTTLE_MS);
			for (const [id, at] of this.#accepted) if (at <= expired) this.#accepted.delete(id);
		} finally {
			this.#ticking = false;
		}
	}

	async #send(eventId: string, sockets: HavenSocket[]): Promise<void> {
		let batch: PresenceBatch;
		try {
			batch = await this.#batch(eventId);
		} catch (err) {
			this.#warn('presence batch unavailable', err);
			return;
		}
		const json = JSON.stringify(batch.positions);
		const watchers = this.#watchers.get(eventId);
		const due: HavenSocket[] = [];
		for (const socket of sockets) {
			if (!socket.connected || !watchers?.has(socket) || watchers.get(socket) === json) continue;
			watchers.set(socket, json);
			due.push(socket);
		}
		// A batch holds every marshal's position: encode it once for all the control rooms here.
		if (due.length > 1 && this.deps.broadcast) {
			this.deps.broadcast(
				due.map((s) => s.id),
				batch
			);
		} else for (const socket of due) socket.emit('presence:batch', batch);
	}

	/** Fresh positions of marshals on shift now (a position stored just as a shift ended stays out). */
	async #batch(eventId: string): Promise<PresenceBatch> {
		const [positions, runtime] = await Promise.all([
			this.deps.presence.all(eventId),
			this.deps.runtime(eventId)
		]);
		return { positions: positions.filter((p) => onShift(runtime.state, p.marshalId)) };
	}

	#warn(message: string, err: unknown): void {
		const now = Date.now();
		if (now - (this.#warned.get(message) ?? -Infinity) < WARN_EVERY_MS) return;
		this.#warned.set(message, now);
		this.deps.logger.warn({ err: kindOf(err) }, message);
	}

	close(): void {
		this.#closed = true;
		clearInterval(this.#timer);
		if (this.#writeTimer) clearTimeout(this.#writeTimer);
		this.#writeTimer = null;
		this.#unwritten.clear();
		this.#watchers.clear();
		this.#accepted.clear();
	}
}

/**
 * Forgets a marshal's position when their shift ends or a phone of theirs is revoked.
 * Registered on every runtime of every process (removal is idempotent), so it happens
 * even where no socket of the event is connected. Returns the unsubscribe function.
 */
export function forgetPositionsOnShiftEnd(
	runtime: EventRuntime,
	presence: PresenceStore,
	logger: Logger
): () => void {
	return runtime.onEvents((events: JournalEvent[]) => {
		for (const e of events) {
			const marshalId =
				e.type === 'marshal:shift-ended' || e.type === 'device:revoked' ? e.data.marshalId : null;
			if (!marshalId) continue;
			presence
				.remove(runtime.eventId, marshalId)
				.catch((err) =>
					logger.warn({ eventId: runtime.eventId, err: kindOf(err) }, 'presence not removed')
				);
		}
	});
}
