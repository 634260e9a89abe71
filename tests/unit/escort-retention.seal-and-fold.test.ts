/**
 * Retention of escort positions without a store: sealing and opening, and the fold of
 * `escort:positions-deleted` (state, views and cached entries). The journal is
 * support/escort-journal.ts.
 */
import { describe, expect, it } from 'vitest';
import { newEscortKey, seal, sealContext, unseal } from '$lib/server/store/escort-seal';
import { withoutEntryPositions } from '$lib/shared/escort-fold';
import { JournalEventSchema } from '$lib/shared/journal';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { viewEvent, viewState } from '$lib/shared/views';
import {
	PICKUP,
	WORDS,
	at,
	deleted,
	holdsNone,
	numbered,
	offered,
	requested,
	step
} from './support/escort-journal';

describe('sealing', () => {
	const key = newEscortKey();
	const ctx = sealContext('pride', 'esc-1', 'escort:requested');
	const fields = { pickup: PICKUP, description: WORDS };

	it('opens what it sealed, and the sealed text holds none of it', () => {
		const sealed = seal(key, ctx, fields);
		holdsNone(sealed);
		expect(unseal(key, ctx, sealed)).toEqual(fields);
	});

	it('opens nothing with another key, another escort, a changed byte or garbage', () => {
		const sealed = seal(key, ctx, fields);
		expect(unseal(newEscortKey(), ctx, sealed)).toBeNull();
		expect(unseal(key, sealContext('pride', 'esc-2', 'escort:requested'), sealed)).toBeNull();
		const parts = sealed.split('.');
		const body = Buffer.from(parts[2], 'base64url');
		body[0] ^= 1;
		parts[2] = body.toString('base64url');
		expect(unseal(key, ctx, parts.join('.'))).toBeNull();
		for (const junk of [undefined, 42, '', 'v1', 'v1.a.b.c', 'v9.' + sealed.slice(3), {}]) {
			expect(unseal(key, ctx, junk)).toBeNull();
		}
	});
});

describe('the fold of escort:positions-deleted', () => {
	const journal = numbered([
		requested(),
		offered(),
		step('escort:accepted', 10),
		step('escort:arrived', 600),
		deleted(900)
	]);
	const before = applyAll(emptyState('pride'), journal.slice(0, 4));
	const after = applyAll(emptyState('pride'), journal);

	it('drops positions and words, keeps the record', () => {
		expect(before.escorts['esc-1'].pickup).toEqual(PICKUP);
		const e = after.escorts['esc-1'];
		expect(e).toEqual({
			...before.escorts['esc-1'],
			pickup: null,
			destination: undefined,
			destinationPosition: undefined,
			description: undefined,
			positionsDeletedAt: at(900)
		});
		expect(e).not.toHaveProperty('description');
		expect(e).toMatchObject({ state: 'arrived', marshalId: 'marshal-aroha', closedAt: at(600) });
		holdsNone(after.escorts);
	});

	it('reaches the marshal who was offered it and drops their copy, never the public', () => {
		const aroha = { role: 'marshal', marshalId: 'marshal-aroha' } as const;
		expect(viewEvent(aroha, journal[4], after)).toMatchObject({
			type: 'escort:positions-deleted'
		});
		expect(viewEvent({ role: 'marshal', marshalId: 'marshal-kai' }, journal[4], after)).toBeNull();
		expect(viewEvent({ role: 'public', sessionId: 'dev-1' }, journal[4], after)).toBeNull();
		expect(viewState(aroha, after).escorts['esc-1']).toMatchObject({
			pickup: null,
			positionsDeletedAt: at(900)
		});
		holdsNone(viewState(aroha, after));
		holdsNone(viewState({ role: 'organiser' }, after));
	});

	it('is applied once: a second deletion or a late one for an unknown escort changes nothing', () => {
		const again = applyAll(after, numbered([...journal, deleted(999)]).slice(5));
		expect(again.escorts).toEqual(after.escorts);
	});

	it('strips cached entries of that escort only', () => {
		const gone = new Set(['esc-1']);
		holdsNone(journal.map((e) => withoutEntryPositions(e, gone)));
		expect(withoutEntryPositions(journal[0], new Set(['esc-2']))).toBe(journal[0]);
		const stripped = withoutEntryPositions(journal[1], gone);
		expect(JournalEventSchema.safeParse(stripped).success).toBe(true);
	});
});
