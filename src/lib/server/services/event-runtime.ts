import { withoutEntryPositions } from '$lib/shared/escort-fold';
import { applyAll, emptyState } from '$lib/shared/reducer';
import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import type { Store } from '../store/types';

/** How many recent events each process keeps to replay to reconnecting clients. */
export const RECENT_EVENTS = 2000;

type Listener = (events: JournalEvent[]) => void;

/**
 * One event's journal as this process sees it: the folded state and a window of
 * recent events, kept current by the store's subscription (which delivers
 * appends from every process, in order, once). It is a cache of the journal,
 * never a source of truth: any process can rebuild it from the store.
 */
export class EventRuntime {
	#state: EventState;
	#recent: JournalEvent[] = [];
	#listeners = new Set<Listener>();
	#waiters: { seq: number; resolve: () => void }[] = [];
	#unsubscribe: (() => void) | null = null;
	readonly ready: Promise<void>;

	constructor(
		readonly eventId: string,
		private readonly store: Store
	) {
		this.#state = emptyState(eventId);
		this.ready = this.#load();
	}

	get state(): EventState {
		return this.#state;
	}

	get head(): number {
		return this.#state.seq;
	}

	async #load(): Promise<void> {
		for (;;) {
			const batch = await this.store.readSince(this.eventId, this.#state.seq, 1000);
			if (batch.length === 0) break;
			this.#ingest(batch, false);
		}
		this.#unsubscribe = this.store.subscribe(this.eventId, this.#state.seq, (events) =>
			this.#ingest(events, true)
		);
	}

	#ingest(events: JournalEvent[], notify: boolean): void {
		const fresh = events.filter((e) => e.seq > this.#state.seq);
		if (fresh.length === 0) return;
		this.#state = applyAll(this.#state, fresh);
		this.#recent.push(...fresh);
		this.#forgetDeletedPositions(fresh);
		if (this.#recent.length > RECENT_EVENTS * 1.5) {
			this.#recent = this.#recent.slice(-RECENT_EVENTS);
		}
		if (notify) for (const l of this.#listeners) l(fresh);
		const head = this.#state.seq;
		this.#waiters = this.#waiters.filter((w) => (w.seq <= head ? (w.resolve(), false) : true));
	}

	/** Retention reaches this cache too: replays must not bring deleted positions back. */
	#forgetDeletedPositions(fresh: JournalEvent[]): void {
		const deleted = new Set<string>();
		for (const e of fresh) if (e.type === 'escort:positions-deleted') deleted.add(e.data.escortId);
		if (deleted.size === 0) return;
		this.#recent = this.#recent.map((e) => withoutEntryPositions(e, deleted));
	}

	/**
	 * Events this process has just appended: folded (and announced to listeners) now, rather
	 * than a store round trip later when the subscription brings them back (then they are old
	 * news and skipped). Taken only when they follow the head exactly, which an append that
	 * expected the head guarantees; anything else waits for the subscription.
	 */
	offer(events: JournalEvent[]): void {
		if (events.length === 0 || events[0].seq !== this.head + 1) return;
		this.#ingest(events, true);
	}

	/** Events after `seq` from memory, or null when `seq` is older than the window. */
	eventsAfter(seq: number): JournalEvent[] | null {
		if (seq >= this.head) return [];
		const first = this.#recent[0]?.seq ?? this.head + 1;
		if (seq < first - 1) return null;
		return this.#recent.slice(seq - first + 1);
	}

	onEvents(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Resolves once this process has folded the journal up to `seq` (after an append or a conflict). */
	waitFor(seq: number, timeoutMs = 5000): Promise<void> {
		if (this.head >= seq) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`journal did not reach seq ${seq} in ${timeoutMs} ms`)),
				timeoutMs
			);
			this.#waiters.push({
				seq,
				resolve: () => {
					clearTimeout(timer);
					resolve();
				}
			});
		});
	}

	close(): void {
		this.#unsubscribe?.();
		this.#listeners.clear();
	}
}
