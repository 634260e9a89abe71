import type { NewJournalEvent } from '$lib/shared/journal';
import type { Store } from '../store/types';
import type { EventRuntime } from './event-runtime';
import { PeriodicSweep } from './periodic-sweep';

/** How often offers are checked for an unanswered deadline. */
export const SWEEP_INTERVAL_MS = 1000;

export type JobSweeperDeps = {
	runtime: EventRuntime;
	store: Store;
	now?: () => Date;
	intervalMs?: number;
	onError?: (err: unknown, jobId: string) => void;
};

/**
 * The command id of a job's timeout: the same in every process, so the store keeps one.
 * The colon is outside the alphabet of client command ids (`Id`), so no client can take
 * this id first and thereby stop the job from ever timing out.
 */
export const timeoutCommandId = (jobId: string) => `timeout:${jobId}`;

/**
 * Silence escalates, it never drops a job: about once a second, every offer whose
 * `respondBy` has passed gets a `job:timed-out` fact (actor: system), which sets the
 * incident's escalation. Every process runs one per event; the command id is derived
 * from the job and appended without an expected seq, so however many processes see the
 * deadline pass, the store appends it once. A timeout that loses a race with an accept
 * is ignored by the fold (a job times out only from 'offered').
 */
export class JobSweeper extends PeriodicSweep {
	/** Jobs whose timeout the store has (this process asked and was answered). */
	#recorded = new Set<string>();

	constructor(private readonly deps: JobSweeperDeps) {
		super();
	}

	protected get intervalMs(): number {
		return this.deps.intervalMs ?? SWEEP_INTERVAL_MS;
	}

	protected async pass(): Promise<number> {
		const { runtime, store } = this.deps;
		try {
			await runtime.ready;
		} catch {
			// The journal could not be loaded (the store is away): nothing to judge yet.
			return 0;
		}
		const now = this.deps.now?.() ?? new Date();
		let appended = 0;
		for (const job of Object.values(runtime.state.jobs)) {
			if (job.state !== 'offered') {
				this.#recorded.delete(job.id);
				continue;
			}
			// Recorded, but not yet folded here: asking again would only get 'duplicate'.
			if (this.#recorded.has(job.id) || Date.parse(job.respondBy) > now.getTime()) continue;
			const commandId = timeoutCommandId(job.id);
			const event: NewJournalEvent = {
				id: commandId,
				type: 'job:timed-out',
				at: now.toISOString(),
				actor: { role: 'system' },
				data: { jobId: job.id }
			};
			try {
				const result = await store.append({
					eventId: runtime.eventId,
					commandId,
					expectedSeq: null,
					events: [event]
				});
				this.#recorded.add(job.id);
				if (result.status === 'appended') appended++;
			} catch (err) {
				// The store is away: the next pass tries again.
				this.deps.onError?.(err, job.id);
			}
		}
		return appended;
	}
}
