import type { EventRuntime } from './event-runtime';
import type { Store } from '../store/types';
import { PeriodicSweep } from './periodic-sweep';
import { duePhotos } from './photo-retention-due';

export type PhotoRetentionDeps = {
	runtime: EventRuntime;
	store: Store;
	/** How long after an incident is closed its photo is kept. */
	retentionSeconds: number;
	now?: () => Date;
	intervalMs?: number;
	/** Ids only: never the photo, never the report. */
	onError?: (err: unknown, photoId: string) => void;
};

/**
 * The command id of a photo's deletion: the same in every process, so the store records it
 * once (the colon is outside client command ids, so no client can take it first).
 */
export const photoDeletedCommandId = (photoId: string) => `photo-deleted:${photoId}`;

/**
 * Deletes report photos after the retention period (decision 13): the photo of an incident
 * closed longer ago than the period, then one `incident:photo-deleted` entry so the control
 * room stops asking for it; and uploads no report took, a day after upload (or the period, if
 * shorter), without an entry since no incident knows them. Every process runs one; deleting
 * twice changes nothing and the entry's command id comes from the photo, so it is recorded
 * once. Bytes first: a crash in between leaves an entry due, never an entry whose bytes survive.
 */
export class PhotoRetention extends PeriodicSweep {
	#recorded = new Set<string>();

	constructor(private readonly deps: PhotoRetentionDeps) {
		super();
	}

	/** Often enough for short test periods, at most once a minute for days. */
	get intervalMs(): number {
		return (
			this.deps.intervalMs ?? Math.min(60_000, Math.max(1000, this.deps.retentionSeconds * 250))
		);
	}

	protected async pass(): Promise<number> {
		const { runtime, store } = this.deps;
		try {
			await runtime.ready;
		} catch {
			return 0;
		}
		const now = (this.deps.now?.() ?? new Date()).getTime();
		const at = new Date(now).toISOString();
		let stored;
		try {
			stored = await store.listPhotos(runtime.eventId);
			// Every report appended so far must be folded, or its photo would look like an orphan.
			await runtime.waitFor(await store.head(runtime.eventId));
		} catch {
			return 0;
		}
		const due = duePhotos({
			incidents: Object.values(runtime.state.incidents),
			stored,
			now,
			retentionSeconds: this.deps.retentionSeconds
		});
		let appended = 0;
		for (const { incidentId, photoId } of due.attached) {
			if (this.#recorded.has(photoId)) continue;
			const commandId = photoDeletedCommandId(photoId);
			try {
				await store.deletePhoto(runtime.eventId, photoId, at);
				const result = await store.append({
					eventId: runtime.eventId,
					commandId,
					expectedSeq: null,
					events: [
						{
							id: commandId,
							type: 'incident:photo-deleted',
							at,
							actor: { role: 'system' },
							data: { incidentId, photoId }
						}
					]
				});
				this.#recorded.add(photoId);
				if (result.status === 'appended') appended++;
			} catch (err) {
				this.deps.onError?.(err, photoId);
			}
		}
		for (const photoId of due.orphans) {
			try {
				await store.deletePhoto(runtime.eventId, photoId, at);
			} catch (err) {
				this.deps.onError?.(err, photoId);
			}
		}
		return appended;
	}
}
