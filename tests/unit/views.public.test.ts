/**
 * What the public receives of the night in support/views-night.ts: setup, zones and
 * public advisories with role-only actors, and nothing about incidents, marshals, phones,
 * jobs, hazards or escorts. Pure views, no server; the same rules over real sockets are
 * tests/integration/authorization-busy-night.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { JOURNAL_EVENT_TYPES } from '$lib/shared/journal';
import { viewState } from '$lib/shared/views';
import {
	PUBLIC,
	P,
	ESCORT_AT,
	ESCORT_WORDS,
	D,
	RECORD,
	REASON,
	MARSHAL_ONLY_TEXT,
	JOURNAL,
	STEPS,
	STATE
} from './support/views-night';
import { viewsOf, visible, viewOf, expectNoLeak } from './support/views-probes';
import { PUBLIC_TYPES } from '../support/public-types';

it('the fixture covers every journal event type', () => {
	expect(new Set(JOURNAL.map((e) => e.type))).toEqual(new Set(JOURNAL_EVENT_TYPES));
});

describe('public audience', () => {
	const hidden = JOURNAL_EVENT_TYPES.filter((t) =>
		/^(incident|marshal|device|job|hazard|escort):|^advisory:received$/.test(t)
	);

	it.each(hidden)('never receives %s', (type) => {
		const steps = viewsOf(PUBLIC).filter(({ event }) => event.type === type);
		expect(steps.length).toBeGreaterThan(0);
		for (const { view } of steps) expect(view).toBeNull();
	});

	it('receives public advisories but not marshals-only ones', () => {
		const advisoryView = (id: string) =>
			viewOf(PUBLIC, (e) => e.type === 'advisory:posted' && e.data.advisoryId === id);
		expect(advisoryView('adv-public')).not.toBeNull();
		for (const id of ['adv-all', 'adv-cuba', 'adv-courtenay']) expect(advisoryView(id)).toBeNull();
	});

	it('sees withdrawals only of advisories it was sent (an id is still a leak)', () => {
		const steps = viewsOf(PUBLIC).filter(({ event }) => event.type === 'advisory:withdrawn');
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, view } of steps) {
			const id = (event.data as { advisoryId: string }).advisoryId;
			if (id === 'adv-old') expect(view).not.toBeNull();
			else expect(view).toBeNull();
		}
	});

	it('receives setup and zone events, with the actor reduced to its role', () => {
		const seen = visible(PUBLIC);
		expect(new Set(seen.map((e) => e.type))).toEqual(new Set(PUBLIC_TYPES));
		for (const e of seen) expect(Object.keys(e.actor)).toEqual(['role']);
	});

	it('gets a state with no incidents, no marshals and only public advisories', () => {
		const s = viewState(PUBLIC, STATE);
		expect(s.incidents).toEqual({});
		expect(s.marshals).toEqual({});
		expect(Object.keys(s.advisories)).toEqual(['adv-public']);
		expect(s.zones).toEqual(STATE.zones);
		expect(s.sectors).toEqual(STATE.sectors);
		expect(s.seq).toBe(STATE.seq);
	});

	it('never sees a description, an id of a person, a marshal-only text or a precise position', () => {
		const secrets = [
			...Object.values(D),
			...Object.values(RECORD),
			REASON,
			...MARSHAL_ONLY_TEXT,
			'org-secret-7',
			'sess-anon-secret',
			'marshal-aroha',
			'marshal-sione',
			'marshal-priya',
			'marshal-kai',
			'Secretname',
			'dev-',
			'inc-',
			'job-',
			'note-',
			'police-',
			...Object.values(P).flat(),
			...ESCORT_AT,
			ESCORT_WORDS,
			'cedar heron',
			'esc-1',
			'grp-1',
			'-4000-8000-'
		];
		expectNoLeak(visible(PUBLIC), secrets);
		expectNoLeak(viewState(PUBLIC, STATE), secrets);
		// Every intermediate snapshot too.
		for (const { state } of STEPS) expectNoLeak(viewState(PUBLIC, state), secrets);
	});
});
