import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import type { JournalBatch } from '$lib/shared/protocol';
import { apply } from '$lib/shared/reducer';

/**
 * The client's one decision about an incoming batch, kept pure so it is tested
 * without sockets. Events are folded while they follow on from the state's seq;
 * anything already held is skipped. A batch that starts after what we hold, or
 * that jumps inside itself, is a gap: `gapFrom` is the seq to ask `sync:since` for.
 */
export type Reconciled = { state: EventState; gapFrom: number | null };

export function reconcile(state: EventState, batch: JournalBatch): Reconciled {
	if (batch.prev > state.seq) return { state, gapFrom: state.seq };
	let next = state;
	for (const event of batch.events) {
		if (event.seq <= next.seq) continue;
		if (event.seq !== next.seq + 1) return { state: next, gapFrom: next.seq };
		next = apply(next, event as JournalEvent);
	}
	return { state: next, gapFrom: null };
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
