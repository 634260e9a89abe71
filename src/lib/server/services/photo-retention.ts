import { duePhotos } from './photo-retention-due';
import { RetentionSweep, type RetentionDeps } from './retention-sweep';

export type PhotoRetentionDeps = RetentionDeps & {
	/** Ids only: never the photo, never the report. */
	onError?: (err: unknown, photoId: string) => void;
};

/** The command id of a photo's deletion: the same in every process, so recorded once. */
export const photoDeletedCommandId = (photoId: string) => `photo-deleted:${photoId}`;

/**
 * Deletes report photos after the retention period (decision 13): the photo of an incident
 * closed longer ago than the period, then one `incident:photo-deleted` entry so the control
 * room stops asking for it; and uploads no report took, a day after upload (or the period, if
 * shorter), without an entry since no incident knows them. Every process runs one; deleting
 * twice changes nothing and the entry's command id comes from the photo, so it is recorded
 * once. Bytes first: a crash in between leaves an entry due, never an entry whose bytes survive.
 */
export class PhotoRetention extends RetentionSweep {
	#recorded = new Set<string>();

	constructor(private readonly deps: PhotoRetentionDeps) {
		super(deps);
	}

	protected async sweepAt(now: number): Promise<number> {
		const { runtime, store } = this.deps;
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
				const data = { incidentId, photoId };
				const mine = await this.recordDeletion(commandId, 'incident:photo-deleted', data, now);
				this.#recorded.add(photoId);
				if (mine) appended++;
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
