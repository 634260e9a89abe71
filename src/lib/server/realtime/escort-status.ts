import { bandOf, type DistanceBand, type EscortStatus } from '$lib/shared/escort';
import { distanceMetres } from '$lib/shared/geo';
import { ownEscort, publicEscortView } from '$lib/shared/views';
import type { MarshalPosition } from '$lib/shared/protocol';
import type { PresenceStore } from '../store/presence/types';
import type { EventRuntime } from '../services/event-runtime';
import type { Logger } from '../app';
import type { HavenSocket } from './delivery';

/** How often a coming marshal's distance band is recomputed (they move; the band follows). */
export const ESCORT_STATUS_TICK_MS = 3000;

type Deps = {
	presence: PresenceStore;
	runtime(eventId: string): Promise<EventRuntime>;
	logger: Logger;
};

/**
 * A visitor's own escort, sent to their own sockets as `escort:status`: on connect, after
 * every journal change, and every few seconds while a marshal is coming (the distance band
 * is computed here from the presence store and never leaves as metres). Only what
 * `publicEscortView` allows is sent, and only to the device that asked; each process
 * serves its own sockets and reads shared state, so nothing depends on another process.
 */
export class EscortStatusRelay {
	#sockets = new Map<string, Map<HavenSocket, string | null>>();
	#watched = new Set<string>();
	#timer: ReturnType<typeof setInterval>;
	#busy = false;

	constructor(
		private readonly deps: Deps,
		opts: { tickMs?: number } = {}
	) {
		this.#timer = setInterval(() => void this.refresh(), opts.tickMs ?? ESCORT_STATUS_TICK_MS);
		this.#timer.unref();
	}

	attach(socket: HavenSocket): void {
		if (socket.data.role !== 'public') return;
		const { eventId } = socket.data;
		let sockets = this.#sockets.get(eventId);
		if (!sockets) this.#sockets.set(eventId, (sockets = new Map()));
		sockets.set(socket, null);
		socket.on('disconnect', () => sockets.delete(socket));
		void this.#watch(eventId).then(() => this.#send(eventId, [socket]));
	}

	async #watch(eventId: string) {
		if (this.#watched.has(eventId)) return;
		this.#watched.add(eventId);
		const runtime = await this.deps.runtime(eventId);
		runtime.onEvents((events) => {
			if (events.some((e) => e.type.startsWith('escort:'))) void this.#sendAll(eventId);
		});
	}

	/** One round over every event with visitors here (the periodic band update). */
	async refresh(): Promise<void> {
		if (this.#busy) return;
		this.#busy = true;
		try {
			for (const eventId of this.#sockets.keys()) await this.#sendAll(eventId);
		} finally {
			this.#busy = false;
		}
	}

	#sendAll(eventId: string) {
		return this.#send(eventId, [...(this.#sockets.get(eventId)?.keys() ?? [])]);
	}

	async #send(eventId: string, sockets: HavenSocket[]): Promise<void> {
		const watchers = this.#sockets.get(eventId);
		if (!watchers || sockets.length === 0) return;
		try {
			const runtime = await this.deps.runtime(eventId);
			const now = new Date();
			let positions: MarshalPosition[] | null = null;
			const state = runtime.state;
			// One pass over the escorts, so most visitors (who asked for nothing) cost nothing more.
			const asked = new Set(Object.values(state.escorts).map((e) => e.deviceId));
			for (const socket of sockets) {
				if (!socket.connected || !watchers.has(socket)) continue;
				const mine = asked.has(socket.data.sessionId)
					? ownEscort(state, socket.data.sessionId, now)
					: null;
				let band: DistanceBand | null = null;
				if (mine?.state === 'accepted' && mine.marshalId) {
					positions ??= await this.deps.presence.all(eventId);
					const at = positions.find((p) => p.marshalId === mine.marshalId);
					if (at && mine.pickup) band = bandOf(distanceMetres(mine.pickup, at.position));
				}
				const status: EscortStatus = {
					escort: mine ? publicEscortView(state, socket.data.sessionId, band, now) : null
				};
				const json = JSON.stringify(status);
				// Nothing new: say nothing (a visitor with no escort gets one `null` on connect).
				if (watchers.get(socket) === json) continue;
				watchers.set(socket, json);
				socket.emit('escort:status', status);
			}
		} catch (err) {
			this.deps.logger.warn(
				{ err: err instanceof Error ? err.name : String(err) },
				'escort status not sent'
			);
		}
	}

	close(): void {
		clearInterval(this.#timer);
		this.#sockets.clear();
	}
}
