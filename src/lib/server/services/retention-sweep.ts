import type { JournalData } from '$lib/shared/journal';
import type { Store } from '../store/types';
import type { EventRuntime } from './event-runtime';
import { PeriodicSweep } from './periodic-sweep';

export type RetentionDeps = {
	runtime: EventRuntime;
	store: Store;
	/** How long after the thing ends its personal data is kept. */
	retentionSeconds: number;
	now?: () => Date;
	intervalMs?: number;
};

type DeletionType = 'escort:positions-deleted' | 'incident:photo-deleted';

/**
 * What the retention sweeps share (escort positions, report photos): a pace that suits both
 * two-second test periods and days, a pass that waits for the runtime, and the journal entry
 * that records a deletion once, however many processes sweep.
 */
export abstract class RetentionSweep extends PeriodicSweep {
	protected constructor(private readonly retention: RetentionDeps) {
		super();
	}

	/** Often enough for short test periods, at most once a minute for days. */
	get intervalMs(): number {
		return (
			this.retention.intervalMs ??
			Math.min(60_000, Math.max(1000, this.retention.retentionSeconds * 250))
		);
	}

	/** One pass once the runtime holds the event; `now` in ms. */
	protected abstract sweepAt(now: number): Promise<number>;

	protected async pass(): Promise<number> {
		try {
			await this.retention.runtime.ready;
		} catch {
			return 0;
		}
		return this.sweepAt((this.retention.now?.() ?? new Date()).getTime());
	}

	/**
	 * Appends the system entry of a deletion under `commandId`, which every process derives
	 * the same way (the colon is outside client command ids, so no client can take it first):
	 * the store records it once. True if this process appended it.
	 */
	protected async recordDeletion<T extends DeletionType>(
		commandId: string,
		type: T,
		data: JournalData<T>,
		now: number
	): Promise<boolean> {
		const { runtime, store } = this.retention;
		const result = await store.append({
			eventId: runtime.eventId,
			commandId,
			expectedSeq: null,
			events: [
				{ id: commandId, type, at: new Date(now).toISOString(), actor: { role: 'system' }, data }
			] as Parameters<Store['append']>[0]['events']
		});
		return result.status === 'appended';
	}
}
