import { RetentionSweep, type RetentionDeps } from './retention-sweep';

export type EscortRetentionDeps = RetentionDeps & {
	onError?: (err: unknown, escortId: string) => void;
};

/**
 * The command id of an escort's deletion: the same in every process, so the store records it
 * once (the colon is outside client command ids, so no client can take it first).
 */
export const positionsDeletedCommandId = (escortId: string) => `positions-deleted:${escortId}`;

/** A key with no escort is left this long at least: its request may still be on its way. */
const ORPHAN_GRACE_SECONDS = 600;

/**
 * Deletes an escort's precise positions once it has been closed for the retention period:
 * first its key (which makes the sealed entries unreadable everywhere, for good), then one
 * `escort:positions-deleted` entry so every view and phone drops the copies it holds. Every
 * process runs one; deleting a deleted key changes nothing, and the entry's command id is
 * derived from the escort, so the journal gets it once. Key first: a crash in between leaves
 * an escort whose entry is still due, never an entry whose key survives.
 */
export class EscortRetention extends RetentionSweep {
	#recorded = new Set<string>();

	constructor(private readonly deps: EscortRetentionDeps) {
		super(deps);
	}

	protected async sweepAt(now: number): Promise<number> {
		const { runtime, store } = this.deps;
		const cutoff = now - this.deps.retentionSeconds * 1000;
		const due = Object.values(runtime.state.escorts).filter(
			(e) =>
				e.closedAt !== null &&
				!e.positionsDeletedAt &&
				Date.parse(e.closedAt) <= cutoff &&
				!this.#recorded.has(e.id)
		);
		let appended = 0;
		for (const escort of due) {
			const commandId = positionsDeletedCommandId(escort.id);
			try {
				await store.deleteEscortKey(runtime.eventId, escort.id);
				const mine = await this.recordDeletion(
					commandId,
					'escort:positions-deleted',
					{ escortId: escort.id },
					now
				);
				this.#recorded.add(escort.id);
				if (mine) appended++;
			} catch (err) {
				this.deps.onError?.(err, escort.id);
			}
		}
		await this.#dropStrayKeys(now);
		return appended;
	}

	/**
	 * Keys no escort will need: of escorts already deleted (a process that stopped between
	 * the two steps elsewhere), and of requests that were never recorded (a refused append).
	 */
	async #dropStrayKeys(now: number): Promise<void> {
		const { runtime, store } = this.deps;
		const grace = Math.max(this.deps.retentionSeconds, ORPHAN_GRACE_SECONDS) * 1000;
		let keys: { escortId: string; createdAt: string }[];
		try {
			keys = await store.listEscortKeys(runtime.eventId);
		} catch {
			return;
		}
		for (const k of keys) {
			const escort = runtime.state.escorts[k.escortId];
			const stray = escort
				? escort.positionsDeletedAt !== undefined
				: Date.parse(k.createdAt) <= now - grace;
			if (!stray) continue;
			try {
				await store.deleteEscortKey(runtime.eventId, k.escortId);
			} catch (err) {
				this.deps.onError?.(err, k.escortId);
			}
		}
	}
}
