import type { EventState } from '$lib/shared/model';
import type { JournalBatch } from '$lib/shared/protocol';
import { applyAll } from '$lib/shared/reducer';

/**
 * The client's one decision about an incoming batch, kept pure so it is tested
 * without sockets. `prev` is the last seq the server sent this client; a batch
 * whose `prev` is ahead of what we hold means something was lost on the way: a gap,
 * and `gapFrom` is the seq to ask `sync:since` for. Otherwise the events are folded;
 * those already held are skipped by apply(). Seqs inside a batch may jump: an
 * audience never receives the events it may not see (the public sees no incidents),
 * so a jump there is not a gap.
 */
export type Reconciled = { state: EventState; gapFrom: number | null };

export function reconcile(state: EventState, batch: JournalBatch): Reconciled {
	if (batch.prev > state.seq) return { state, gapFrom: state.seq };
	return { state: applyAll(state, batch.events), gapFrom: null };
}

export type ConnectErrorKind = 'revoked' | 'unauthorised' | 'retry';

/** How to treat a `connect_error` message from the server's handshake middleware. */
export function classifyConnectError(message: string): ConnectErrorKind {
	if (message === 'revoked') return 'revoked';
	if (message === 'unauthorised') return 'unauthorised';
	return 'retry';
}

/** Reconnection delay for retries we schedule ourselves (the manager's own backoff aside). */
export function retryDelay(attempt: number, baseMs = 1000, maxMs = 15_000): number {
	return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}
