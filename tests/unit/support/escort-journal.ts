/**
 * One escort's journal for the retention tests: a request with precise positions and words,
 * the offer to Aroha, her accept and arrival, and the deletion of its positions; and a check
 * that a value holds none of those positions and words.
 */
import { expect } from 'vitest';
import { positionsDeletedCommandId } from '$lib/server/services/escort-retention';
import type { LngLat } from '$lib/shared/geo';
import { JournalEventSchema, type JournalEvent, type NewJournalEvent } from '$lib/shared/journal';

export const PICKUP: LngLat = [174.7761234, -41.2915678];
const DEST: LngLat = [174.7801234, -41.2955678];
export const WORDS = 'Green jacket, by the bus stop';
const GOING = 'Home to Aro Street';
export const T0 = Date.parse('2030-01-01T10:00:00.000Z');
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const SYSTEM = { role: 'system' } as const;
const AROHA = { role: 'marshal', id: 'marshal-aroha' } as const;

export const requested = (escortId = 'esc-1'): NewJournalEvent => ({
	id: `req-${escortId}`,
	type: 'escort:requested',
	at: at(0),
	actor: { role: 'public' },
	data: {
		escortId,
		deviceId: 'dev-1',
		pickup: PICKUP,
		destination: GOING,
		destinationPosition: DEST,
		description: WORDS,
		codeWord: 'fig wren'
	}
});
export const offered = (escortId = 'esc-1'): NewJournalEvent => ({
	id: `req-${escortId}.1`,
	type: 'escort:offered',
	at: at(0),
	actor: SYSTEM,
	data: {
		escortId,
		marshalIds: ['marshal-aroha'],
		round: 0,
		respondBy: at(60),
		brief: {
			pickup: PICKUP,
			destination: GOING,
			destinationPosition: DEST,
			description: WORDS,
			requestedAt: at(0)
		}
	}
});
export const step = (type: 'escort:accepted' | 'escort:arrived', s: number): NewJournalEvent =>
	type === 'escort:accepted'
		? {
				id: `acc-${s}`,
				type,
				at: at(s),
				actor: AROHA,
				data: { escortId: 'esc-1', marshalId: 'marshal-aroha' }
			}
		: { id: `arr-${s}`, type, at: at(s), actor: AROHA, data: { escortId: 'esc-1' } };
export const deleted = (s: number): NewJournalEvent => ({
	id: positionsDeletedCommandId('esc-1'),
	type: 'escort:positions-deleted',
	at: at(s),
	actor: SYSTEM,
	data: { escortId: 'esc-1' }
});
export const numbered = (events: NewJournalEvent[]) =>
	events.map((e, i) => JournalEventSchema.parse({ ...e, seq: i + 1 }) as JournalEvent);

export const SECRETS = [String(PICKUP[0]), String(PICKUP[1]), String(DEST[0]), WORDS, GOING];
export const holdsNone = (value: unknown) => {
	const text = JSON.stringify(value);
	for (const s of SECRETS) expect(text).not.toContain(s);
};
