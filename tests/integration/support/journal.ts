import type { Store } from '$lib/server/store/types';
import type { JournalEvent } from '$lib/shared/journal';
import type { Ack, AckOk } from '$lib/shared/protocol';

/** The whole stored journal of an event, read from the store (the source of truth). */
export async function readJournal(store: Store, eventId: string): Promise<JournalEvent[]> {
	const all: JournalEvent[] = [];
	for (;;) {
		const batch = await store.readSince(eventId, all.at(-1)?.seq ?? 0, 1000);
		if (batch.length === 0) return all;
		all.push(...batch);
	}
}

/** The events a command id produced: its first event has the command's id, later ones `id.n`. */
export const eventsOfCommand = (journal: JournalEvent[], commandId: string) =>
	journal.filter((e) => e.id === commandId || e.id.startsWith(`${commandId}.`));

/** Narrows an ack to success, failing with the server's own words otherwise. */
export function expectOk(ack: Ack, what: string): AckOk {
	if (!ack.ok) throw new Error(`${what} failed: ${ack.code}: ${ack.message}`);
	return ack;
}
