import { expect, vi } from 'vitest';
import type { JournalEvent, NewJournalEvent } from '$lib/shared/journal';
import type { AppendRequest, Invite, Organiser, Session, Store } from '$lib/server/store/types';

/** What each part of the store contract suite gets: fresh storage, and the kind under test. */
export type ContractContext = {
	kind: Store['kind'];
	/** A store on fresh storage, plus a way to open more instances on the same data. */
	fresh(): Promise<{ store: Store; another(): Store }>;
};

let counter = 0;

export function newEvent(label = 'ev'): NewJournalEvent {
	counter += 1;
	return {
		id: `${label}-${counter}`,
		type: 'incident:reported',
		at: new Date(Date.UTC(2025, 5, 28, 12, 0, counter % 60)).toISOString(),
		actor: { role: 'marshal', id: 'marshal-1' },
		data: {
			incidentId: `incident-${counter}`,
			category: 'medical',
			severity: 2,
			position: [-0.1276, 51.5072],
			description: 'Person feeling faint, needs water ☀️ «ok»',
			onBehalf: false,
			sectorId: null
		}
	};
}

export const events = (n: number, label = 'ev') => Array.from({ length: n }, () => newEvent(label));
export const range = (from: number, to: number) =>
	Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
export const seqsOf = (list: JournalEvent[]) => list.map((e) => e.seq);

export function req(eventId: string, evs: NewJournalEvent[], extra: Partial<AppendRequest> = {}) {
	counter += 1;
	return { eventId, commandId: `cmd-${counter}`, expectedSeq: null, events: evs, ...extra };
}

/** Every batch the listener got, flattened, plus a way to wait for a count. */
export function collect(store: Store, eventId: string, afterSeq: number) {
	const got: JournalEvent[] = [];
	const stop = store.subscribe(eventId, afterSeq, (batch) => got.push(...batch));
	return {
		got,
		stop,
		until: (count: number) =>
			vi.waitFor(() => expect(got.length).toBeGreaterThanOrEqual(count), {
				timeout: 10_000,
				interval: 10
			})
	};
}

export const organiser = (id: string, email: string): Organiser => ({
	id,
	email,
	displayName: 'Robin',
	passwordHash: 'scrypt$abc$def',
	createdAt: '2025-06-01T10:00:00.000Z'
});

export const session = (id: string, tokenHash: string): Session => ({
	id,
	tokenHash,
	role: 'marshal',
	eventId: 'pride-2025',
	subjectId: 'marshal-7',
	createdAt: '2025-06-28T09:00:00.000Z',
	expiresAt: '2025-06-29T09:00:00.000Z',
	revokedAt: null
});

export const invite = (tokenHash: string, expiresAt = '2025-06-28T18:00:00.000Z'): Invite => ({
	tokenHash,
	eventId: 'pride-2025',
	marshalId: 'marshal-7',
	createdAt: '2025-06-28T08:00:00.000Z',
	expiresAt,
	usedAt: null
});
