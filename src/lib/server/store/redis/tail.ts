import type { Redis } from 'ioredis';
import type { JournalEvent } from '$lib/shared/journal';
import type { JournalListener } from '$lib/server/store/types';
import { decodeEntry, type StreamEntry } from './codec';

type Subscriber = {
	eventId: string;
	/** The last seq handed to the listener; everything up to it was delivered once. */
	delivered: number;
	listener: JournalListener;
	active: boolean;
	/** While catching up with XRANGE, live entries wait here instead of jumping the queue. */
	catchingUp: boolean;
	buffer: JournalEvent[];
};

type Tailed = { key: string; cursor: number; subs: Set<Subscriber> };

export type TailDeps = {
	command: Redis;
	openBlocking(): Redis;
	journalKey(eventId: string): string;
	read(eventId: string, afterSeq: number, limit: number): Promise<JournalEvent[]>;
};

const BLOCK_MS = 5000;
const BATCH = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const backoff = (failures: number) => Math.min(100 * 2 ** failures, 2000);

/**
 * Follows every subscribed journal stream with one XREAD BLOCK loop on a dedicated
 * connection, so appends by any process reach this process's listeners.
 * The tail reads each stream contiguously from its cursor; a subscriber that starts
 * behind the cursor catches up with XRANGE first and then joins the live flow.
 */
export class RedisTail {
	private readonly streams = new Map<string, Tailed>();
	private conn: Redis | null = null;
	private clientId: number | null = null;
	private blocking = false;
	/** Bumped whenever the set of streams or a cursor changes under a running XREAD. */
	private version = 0;
	private blockingVersion = 0;
	private closed = false;

	constructor(private readonly deps: TailDeps) {}

	subscribe(eventId: string, afterSeq: number, listener: JournalListener): () => void {
		const sub: Subscriber = {
			eventId,
			delivered: Math.max(0, afterSeq),
			listener,
			active: !this.closed,
			catchingUp: false,
			buffer: []
		};
		if (this.closed) return () => {};
		let tailed = this.streams.get(eventId);
		if (!tailed) {
			// The first subscriber's position is the stream's cursor: the tail itself then
			// delivers its backlog in order, no separate catch-up needed.
			tailed = { key: this.deps.journalKey(eventId), cursor: sub.delivered, subs: new Set() };
			this.streams.set(eventId, tailed);
			this.changed();
		}
		tailed.subs.add(sub);
		if (sub.delivered < tailed.cursor) void this.catchUp(sub);
		this.ensureLoop();
		return () => this.unsubscribe(sub);
	}

	close(): void {
		this.closed = true;
		for (const tailed of this.streams.values()) for (const sub of tailed.subs) sub.active = false;
		this.streams.clear();
		this.stopLoop();
	}

	private unsubscribe(sub: Subscriber): void {
		if (!sub.active) return;
		sub.active = false;
		const tailed = this.streams.get(sub.eventId);
		if (!tailed) return;
		tailed.subs.delete(sub);
		if (tailed.subs.size > 0) return;
		this.streams.delete(sub.eventId);
		if (this.streams.size === 0) this.stopLoop();
		else this.changed();
	}

	private ensureLoop(): void {
		if (this.conn || this.closed || this.streams.size === 0) return;
		const conn = this.deps.openBlocking();
		this.conn = conn;
		void this.loop(conn);
	}

	/** Disconnecting rejects the pending XREAD at once, which ends its loop. */
	private stopLoop(): void {
		const conn = this.conn;
		this.conn = null;
		this.clientId = null;
		this.blocking = false;
		conn?.disconnect();
	}

	private async loop(conn: Redis): Promise<void> {
		let failures = 0;
		while (this.conn === conn && this.streams.size > 0) {
			try {
				if (this.clientId === null) this.clientId = (await conn.client('ID')) as number;
				if (this.conn !== conn) break;
				const snapshot = [...this.streams.entries()].map(([eventId, t]) => ({
					eventId,
					tailed: t,
					cursor: t.cursor
				}));
				this.blocking = true;
				this.blockingVersion = this.version;
				const reply = (await conn.xread(
					'COUNT',
					BATCH,
					'BLOCK',
					BLOCK_MS,
					'STREAMS',
					...snapshot.map((s) => s.tailed.key),
					...snapshot.map((s) => `${s.cursor}-0`)
				)) as [key: string, entries: StreamEntry[]][] | null;
				this.blocking = false;
				failures = 0;
				if (this.conn !== conn) break;
				for (const [key, entries] of reply ?? []) {
					const s = snapshot.find((x) => x.tailed.key === key);
					// Skip answers for a stream that was dropped, re-added or rewound meanwhile:
					// the next XREAD reads them again from the current cursor.
					if (!s || this.streams.get(s.eventId) !== s.tailed || s.tailed.cursor !== s.cursor) {
						continue;
					}
					const events = entries.map(decodeEntry);
					if (events.length === 0) continue;
					s.tailed.cursor = events[events.length - 1].seq;
					this.dispatch(s.tailed, events);
				}
			} catch {
				this.blocking = false;
				this.clientId = null;
				if (this.conn !== conn) break;
				// Redis is away; ioredis reconnects, and the cursors make the retry lossless.
				await sleep(backoff(++failures));
			}
		}
	}

	/**
	 * Interrupts the running XREAD so the next one sees the new streams or cursors.
	 * CLIENT UNBLOCK can reach Redis before the XREAD does; then it retries briefly.
	 */
	private changed(): void {
		this.version += 1;
		void this.unblock();
	}

	private async unblock(): Promise<void> {
		for (let attempt = 0; attempt < 50; attempt++) {
			const id = this.clientId;
			if (!this.blocking || id === null || this.blockingVersion === this.version) return;
			try {
				if ((await this.deps.command.client('UNBLOCK', id)) === 1) return;
			} catch {
				return;
			}
			await sleep(10);
		}
	}

	private dispatch(tailed: Tailed, events: JournalEvent[]): void {
		for (const sub of [...tailed.subs]) {
			if (!sub.active) continue;
			const fresh = events.filter((e) => e.seq > sub.delivered);
			if (fresh.length === 0) continue;
			if (sub.catchingUp) sub.buffer.push(...fresh);
			else if (fresh[0].seq === sub.delivered + 1) this.emit(sub, fresh);
			else {
				sub.buffer.push(...fresh);
				void this.catchUp(sub);
			}
		}
	}

	private async catchUp(sub: Subscriber): Promise<void> {
		if (sub.catchingUp) return;
		sub.catchingUp = true;
		let failures = 0;
		while (sub.active) {
			let batch: JournalEvent[];
			try {
				batch = await this.deps.read(sub.eventId, sub.delivered, BATCH);
				failures = 0;
			} catch {
				await sleep(backoff(++failures));
				continue;
			}
			if (!sub.active) break;
			const fresh = batch.filter((e) => e.seq > sub.delivered);
			if (fresh.length > 0) this.emit(sub, fresh);
			if (batch.length === BATCH) continue;
			const buffered = pending(sub.buffer, sub.delivered);
			sub.buffer = [];
			const run = contiguousFrom(buffered, sub.delivered + 1);
			if (run.length > 0) this.emit(sub, run);
			if (run.length === buffered.length) break;
			// Live entries arrived past what XRANGE saw: read the gap again.
			sub.buffer = buffered.slice(run.length);
		}
		sub.buffer = [];
		sub.catchingUp = false;
		this.keepCursorBehind(sub);
	}

	/**
	 * A first subscriber may have asked for a position beyond the head; the cursor then
	 * sits past entries a later subscriber still needs, so move it back to that subscriber.
	 */
	private keepCursorBehind(sub: Subscriber): void {
		const tailed = this.streams.get(sub.eventId);
		if (!sub.active || !tailed || !tailed.subs.has(sub)) return;
		if (sub.delivered >= tailed.cursor) return;
		tailed.cursor = sub.delivered;
		this.changed();
	}

	private emit(sub: Subscriber, events: JournalEvent[]): void {
		sub.delivered = events[events.length - 1].seq;
		try {
			sub.listener(events);
		} catch {
			// A failing listener must not stop delivery to the others; it owns its errors.
		}
	}
}

/** Entries after `afterSeq`, in seq order, once each (a rewound cursor can repeat some). */
function pending(events: JournalEvent[], afterSeq: number): JournalEvent[] {
	const bySeq = new Map<number, JournalEvent>();
	for (const e of events) if (e.seq > afterSeq) bySeq.set(e.seq, e);
	return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function contiguousFrom(sorted: JournalEvent[], firstSeq: number): JournalEvent[] {
	let n = 0;
	while (n < sorted.length && sorted[n].seq === firstSeq + n) n++;
	return sorted.slice(0, n);
}
