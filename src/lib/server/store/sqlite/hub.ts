import type { JournalEvent } from '$lib/shared/journal';
import type { JournalListener } from '$lib/server/store/types';

type Subscriber = {
	eventId: string;
	/** The last seq handed to the listener; everything up to it was delivered once. */
	delivered: number;
	listener: JournalListener;
	active: boolean;
};

export type HubSource = {
	read(eventId: string, afterSeq: number, limit: number): JournalEvent[];
	/** Changes when another connection (another process) commits to the file. */
	dataVersion(): number;
};

const BATCH = 1000;
const FOREIGN_POLL_MS = 250;

/**
 * Delivers journal events to in-process subscribers, each once and in order.
 * Reads are synchronous (better-sqlite3), so a catch-up can never interleave with an
 * append in this process: whenever a subscriber is behind, it simply reads the file.
 */
export class SqliteHub {
	private readonly subs = new Map<string, Set<Subscriber>>();
	private poll: NodeJS.Timeout | null = null;
	private lastVersion = 0;
	private closed = false;

	constructor(private readonly source: HubSource) {}

	subscribe(eventId: string, afterSeq: number, listener: JournalListener): () => void {
		if (this.closed) return () => {};
		const sub: Subscriber = { eventId, delivered: Math.max(0, afterSeq), listener, active: true };
		let set = this.subs.get(eventId);
		if (!set) this.subs.set(eventId, (set = new Set()));
		set.add(sub);
		this.startPolling();
		// Never call the listener before subscribe() has returned its unsubscribe function.
		queueMicrotask(() => this.catchUp(sub));
		return () => {
			sub.active = false;
			set.delete(sub);
			if (set.size === 0 && this.subs.get(eventId) === set) this.subs.delete(eventId);
			if (this.subs.size === 0) this.stopPolling();
		};
	}

	/** Called after a commit of this process, with the events it appended. */
	published(eventId: string, events: JournalEvent[]): void {
		queueMicrotask(() => {
			for (const sub of [...(this.subs.get(eventId) ?? [])]) this.feed(sub, events);
		});
	}

	close(): void {
		this.closed = true;
		for (const set of this.subs.values()) for (const sub of set) sub.active = false;
		this.subs.clear();
		this.stopPolling();
	}

	private feed(sub: Subscriber, events: JournalEvent[]): void {
		if (!sub.active) return;
		const fresh = events.filter((e) => e.seq > sub.delivered);
		if (fresh.length === 0) return;
		if (fresh[0].seq === sub.delivered + 1) this.emit(sub, fresh);
		else this.catchUp(sub);
	}

	private catchUp(sub: Subscriber): void {
		while (sub.active) {
			let batch: JournalEvent[];
			try {
				batch = this.source.read(sub.eventId, sub.delivered, BATCH);
			} catch {
				// The store is closing or broken; the next commit or poll tries again.
				return;
			}
			if (batch.length > 0) this.emit(sub, batch);
			if (batch.length < BATCH) return;
		}
	}

	private emit(sub: Subscriber, events: JournalEvent[]): void {
		sub.delivered = events[events.length - 1].seq;
		try {
			sub.listener(events);
		} catch {
			// A failing listener must not stop delivery to the others; it owns its errors.
		}
	}

	/**
	 * Commits by other processes on the same file do not pass through published(), so
	 * while anyone listens, watch the file's data_version and catch everyone up on change.
	 */
	private startPolling(): void {
		if (this.poll) return;
		this.lastVersion = this.safeVersion();
		this.poll = setInterval(() => {
			const version = this.safeVersion();
			if (version === this.lastVersion) return;
			this.lastVersion = version;
			for (const set of [...this.subs.values()]) for (const sub of [...set]) this.catchUp(sub);
		}, FOREIGN_POLL_MS);
		this.poll.unref();
	}

	private stopPolling(): void {
		if (this.poll) clearInterval(this.poll);
		this.poll = null;
	}

	private safeVersion(): number {
		try {
			return this.source.dataVersion();
		} catch {
			return this.lastVersion;
		}
	}
}
