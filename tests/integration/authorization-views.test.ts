/**
 * Who may see what: every journal event type against every audience, through the views
 * alone (no server, no store). Each sample is folded onto the seeded Wellington demo after
 * what it needs, then viewed by the control room, its own marshal, a sector colleague, a
 * marshal elsewhere and the public; VISIBLE says who receives it at all, and the test checks
 * what the others are never told (ids, words, exact spots). The sample and expectation
 * tables live in authorization-views.samples.ts and authorization-views.audiences.ts; the
 * same rules over real sockets are authorization-busy-night.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { coarsen } from '$lib/shared/geo';
import {
	JOURNAL_EVENT_TYPES,
	JournalEventSchema,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import { viewEvent, viewState, type Audience } from '$lib/shared/views';
import { wellingtonDemo } from '$lib/server/demo/wellington';
import { AUDIENCES, VISIBLE, type Who } from './authorization-views.audiences';
import {
	INCIDENT_AT,
	INCIDENT_WORDS,
	PRIOR,
	SAMPLES,
	SECOND_REPORT
} from './authorization-views.samples';
import { NEVER_PUBLIC, PUBLIC_ALLOWED } from '../support/public-types';

/** Never reaches a store: the views are pure, the demo only needs an event id to seed. */
const eventId = 'authz-views';

describe('every journal event type against every audience', () => {
	/** The seeded demo plus Sione's report, so incident-1 exists for the state change. */
	function base(): EventState {
		const seed = wellingtonDemo(eventId, '2030-01-01T00:00:00.000Z').events;
		const numbered = seed.map((e, i) => ({ ...e, seq: i + 1 }) as JournalEvent);
		return applyAll(emptyState(eventId), numbered);
	}
	const at = '2030-01-01T01:00:00.000Z';
	const sample = (type: JournalEventType, seq: number) =>
		({ seq, id: `sample-${type}`, type, at, ...SAMPLES[type] }) as JournalEvent;

	it('has a sample and an expectation for every journal event type', () => {
		const table = SAMPLES as Partial<Record<string, unknown>>;
		expect(JOURNAL_EVENT_TYPES.filter((t) => !table[t] || !VISIBLE[t])).toEqual([]);
		for (const t of JOURNAL_EVENT_TYPES) {
			expect(JournalEventSchema.safeParse(sample(t, 1)).success, t).toBe(true);
		}
	});

	it.each(JOURNAL_EVENT_TYPES)('%s reaches exactly the audiences allowed to see it', (type) => {
		let state = base();
		const report = sample('incident:reported', state.seq + 1);
		state = apply(state, report);
		const second = { seq: state.seq + 1, id: 'second', type: 'incident:reported', at };
		state = apply(state, { ...second, ...SECOND_REPORT } as JournalEvent);
		for (const prior of PRIOR[type] ?? []) state = apply(state, sample(prior, state.seq + 1));
		const event = type === 'incident:reported' ? report : sample(type, state.seq + 1);
		const after = apply(state, event);
		// The sample is a real change, not one the fold ignores.
		if (type !== 'incident:reported' && /^(job|incident):/.test(type))
			expect(after).not.toEqual({ ...state, seq: event.seq });

		for (const [who, audience] of Object.entries(AUDIENCES) as [Who, Audience][]) {
			const view = viewEvent(audience, event, after);
			expect(view !== null, `${who} seeing ${type}`).toBe(VISIBLE[type][who]);
			if (!view) continue;
			if (who === 'organiser') {
				expect(view).toEqual(event);
				continue;
			}
			expect(JournalEventSchema.safeParse(view).success).toBe(true);
			// Outside the control room an actor is a role, never an organiser or device id;
			// a marshal's own id only on their own facts.
			const own = audience.role === 'marshal' && event.actor.id === audience.marshalId;
			expect(view.actor).toEqual(
				own ? { role: event.actor.role, id: event.actor.id } : { role: event.actor.role }
			);
			// Outside the control room nobody learns which device asked for an escort.
			expect(JSON.stringify(view)).not.toContain('pub-viewer');
			if (type === 'escort:offered') {
				expect(view.data).toMatchObject({
					marshalIds: [audience.role === 'marshal' && audience.marshalId]
				});
			}
			if (who === 'public') {
				expect(PUBLIC_ALLOWED.has(type)).toBe(true);
				expect(type).not.toMatch(NEVER_PUBLIC);
			}
		}
		// Someone else's report reaches a sector colleague without its words or exact spot.
		if (type === 'incident:reported') {
			const view = viewEvent(AUDIENCES.aroha, event, after) as Extract<
				JournalEvent,
				{ type: 'incident:reported' }
			>;
			expect(view.data).not.toHaveProperty('description');
			expect(view.data.position).toEqual(coarsen(INCIDENT_AT));
			expect(view.data.position).not.toEqual(INCIDENT_AT);
		}
		// The offer brings its marshal the exact spot and the words; a colleague keeps a coarse copy.
		if (type === 'job:offered') {
			expect(viewState(AUDIENCES.aroha, after).incidents['incident-1']).toMatchObject({
				position: INCIDENT_AT,
				description: INCIDENT_WORDS
			});
			const mei = viewState(AUDIENCES.mei, after).incidents['incident-1'];
			expect(mei.position).toEqual(coarsen(INCIDENT_AT));
			expect(mei).not.toHaveProperty('description');
		}
	});

	it('gives a public advisory to the public and to every marshal', () => {
		const state = base();
		const posted = {
			...sample('advisory:posted', state.seq + 1),
			data: { ...SAMPLES['advisory:posted'].data, audience: 'public', sectorId: null }
		} as JournalEvent;
		const after = apply(state, posted);
		for (const audience of Object.values(AUDIENCES)) {
			expect(viewEvent(audience, posted, after)).not.toBeNull();
		}
	});
});
