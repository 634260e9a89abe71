/**
 * An outbox item as the marshal's list shows it, and the rules for the list: which items
 * are still waiting for the server, how a change is applied, how many answered ones stay.
 */
import type { CommandName, ErrorCode } from '$lib/shared/protocol';

/**
 * queued: saved on the phone, not sent yet (or to be sent again);
 * sent: on its way, no answer yet; received: the control room has it;
 * refused: the server said no (the message says why); damaged: a saved item could not be read.
 */
export type OutboxItemState = 'queued' | 'sent' | 'received' | 'refused' | 'damaged';

export interface OutboxItem {
	readonly id: string;
	readonly name: CommandName | null;
	/** What the marshal sees in the list, e.g. "Report: medical, severity 3". */
	readonly label: string;
	readonly createdAt: number;
	readonly state: OutboxItemState;
	readonly attempts: number;
	/** Why it was refused, or why the last attempt did not get through. */
	readonly message: string | null;
	/** The server's error code when refused. */
	readonly code?: ErrorCode;
}

export type ItemPatch = Partial<Pick<OutboxItem, 'state' | 'attempts' | 'message' | 'code'>>;

/** Not answered by the server yet: still to be sent, or sent without an answer. */
export const isUnanswered = (i: OutboxItem): boolean => i.state === 'queued' || i.state === 'sent';

/**
 * What `settle` waits for: the server answered, or an attempt to send failed (queued again
 * after at least one try). A missing item counts as settled.
 */
export const hasSettled = (i: OutboxItem | null): boolean =>
	!i || !isUnanswered(i) || (i.state === 'queued' && i.attempts > 0);

/** The list with one item changed (a fresh array). */
export function patchItem(
	items: readonly OutboxItem[],
	id: string,
	patch: ItemPatch
): OutboxItem[] {
	return items.map((i) => (i.id === id ? { ...i, ...patch } : i));
}

/** Keeps at most `keep` answered items (received, refused, damaged); the oldest go first. */
export function trimSettled(items: OutboxItem[], keep: number): OutboxItem[] {
	const settled = items.filter((i) => !isUnanswered(i));
	if (settled.length <= keep) return items;
	const drop = new Set(settled.slice(0, settled.length - keep).map((i) => i.id));
	return items.filter((i) => !drop.has(i.id));
}

/** Sending order: oldest first; the id breaks ties so the order is the same on every load. */
export const bySending = (a: OutboxItem, b: OutboxItem): number =>
	a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
