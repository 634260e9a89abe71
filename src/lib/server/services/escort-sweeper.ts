import type { NewJournalEvent } from '$lib/shared/journal';
import type { MarshalPosition } from '$lib/shared/protocol';
import type { Store } from '../store/types';
import type { EventRuntime } from './event-runtime';
import { briefOf, chooseMarshals, MAX_ROUNDS, WIDEN_SIZE } from './escort-offers';
import { SWEEP_INTERVAL_MS } from './job-sweeper';
import { PeriodicSweep } from './periodic-sweep';

export type EscortSweeperDeps = {
	runtime: EventRuntime;
	store: Store;
	positions: () => Promise<MarshalPosition[]>;
	acceptSeconds: number;
	now?: () => Date;
	intervalMs?: number;
	onError?: (err: unknown, escortId: string) => void;
};

/**
 * The command id of a round's timeout: the same in every process, so the store keeps one
 * (the colon is outside client command ids, so no client can take it first).
 */
export const escortTimeoutCommandId = (escortId: string, round: number) =>
	`escort-timeout:${escortId}:${round}`;

/**
 * Nobody accepting is never the end of a request: about once a second, every escort still
 * waiting past its `respondBy` gets `escort:unanswered` (the control room's alarm, and the
 * visitor is told) and, in the same append, a wider `escort:offered` to the next nearest
 * marshals on shift with a new deadline. Every process runs one; the command id is derived
 * from the escort and round, so the store records each round once however many processes
 * see it pass. The fold ignores a round that lost a race with an accept.
 */
export class EscortSweeper extends PeriodicSweep {
	#recorded = new Set<string>();

	constructor(private readonly deps: EscortSweeperDeps) {
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
			return 0;
		}
		const now = this.deps.now?.() ?? new Date();
		const due = Object.values(runtime.state.escorts).filter(
			(e) =>
				e.state === 'requested' &&
				e.round < MAX_ROUNDS &&
				Date.parse(e.respondBy) <= now.getTime() &&
				!this.#recorded.has(escortTimeoutCommandId(e.id, e.round))
		);
		if (due.length === 0) return 0;
		let positions: MarshalPosition[] = [];
		try {
			positions = await this.deps.positions();
		} catch {
			// Without positions the widening goes by name; nobody is left out for it.
		}
		let appended = 0;
		for (const escort of due) {
			const commandId = escortTimeoutCommandId(escort.id, escort.round);
			const at = now.toISOString();
			const marshalIds = chooseMarshals(runtime.state, positions, escort.pickup, {
				exclude: escort.offeredTo,
				limit: WIDEN_SIZE,
				statuses: ['available', 'on-break']
			});
			const respondBy = new Date(now.getTime() + this.deps.acceptSeconds * 1000).toISOString();
			// Already alarmed for this round (nobody to ask at the request, or all declined):
			// the alarm stands; only the widening is new.
			const alarmed = escort.alarm?.round === escort.round;
			const events: NewJournalEvent[] = [
				...(alarmed
					? []
					: [
							{
								id: commandId,
								type: 'escort:unanswered' as const,
								at,
								actor: { role: 'system' as const },
								data: { escortId: escort.id, round: escort.round }
							}
						]),
				{
					id: alarmed ? commandId : `${commandId}.1`,
					type: 'escort:offered',
					at,
					actor: { role: 'system' },
					data: {
						escortId: escort.id,
						marshalIds,
						round: escort.round + 1,
						respondBy,
						brief: briefOf(escort)
					}
				}
			];
			try {
				const result = await store.append({
					eventId: runtime.eventId,
					commandId,
					expectedSeq: null,
					events
				});
				this.#recorded.add(commandId);
				if (result.status === 'appended') appended++;
			} catch (err) {
				this.deps.onError?.(err, escort.id);
			}
		}
		return appended;
	}
}
