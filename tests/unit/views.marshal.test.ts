/**
 * What a marshal receives of the night in support/views-night.ts: their own record and
 * reports in full, a sector colleague's coarsened and wordless, other sectors nothing, and
 * never an actor id or a photo id but their own. Pure views, no server.
 */
import { describe, expect, it } from 'vitest';
import { coarsen } from '$lib/shared/geo';
import { viewState, type Audience } from '$lib/shared/views';
import {
	AROHA,
	KAI,
	ORG,
	P,
	PHOTO,
	D,
	RECORD,
	MARSHAL_ONLY_TEXT,
	STATE
} from './support/views-night';
import { visible, viewOf, reportOf, expectNoLeak, asSeenBy } from './support/views-probes';

describe('marshal audience', () => {
	const mine = viewState(AROHA, STATE);

	it('sees only their own marshal record', () => {
		expect(mine.marshals).toEqual({ 'marshal-aroha': STATE.marshals['marshal-aroha'] });
		const marshalEvents = visible(AROHA).filter((e) => /^(marshal|device):/.test(e.type));
		expect(marshalEvents.length).toBeGreaterThan(0);
		for (const e of marshalEvents)
			expect((e.data as { marshalId: string }).marshalId).toBe('marshal-aroha');
	});

	it("sees their own report in full, without the control room's record of it", () => {
		expect(mine.incidents['inc-aroha']).toEqual({
			...STATE.incidents['inc-aroha'],
			notes: [],
			links: [],
			police: [],
			timeline: [],
			escalation: null
		});
		expect(STATE.incidents['inc-aroha'].timeline.length).toBeGreaterThan(0);
		expect(viewOf(AROHA, reportOf('inc-aroha'))?.data).toMatchObject({
			description: D.aroha,
			position: P.aroha
		});
	});

	it("sees another marshal's report in their sector coarsened and without description", () => {
		const other = mine.incidents['inc-sione'];
		expect(other.position).toEqual(coarsen(P.sione));
		expect(other.position).not.toEqual(P.sione);
		expect(other).not.toHaveProperty('description');
		expect(other.reportedBy).toEqual({ role: 'marshal' });
		expect(other.state).toBe('dispatched');

		const view = viewOf(AROHA, reportOf('inc-sione'));
		expect(view?.data).toMatchObject({ position: coarsen(P.sione), incidentId: 'inc-sione' });
		expect(view?.data).not.toHaveProperty('description');
		expect(view?.actor).toEqual({ role: 'marshal' });
	});

	it('never gets the photo id of a report but their own, also with a job on it', () => {
		for (const marshalId of ['marshal-aroha', 'marshal-sione', 'marshal-priya', 'marshal-kai']) {
			const audience: Audience = { role: 'marshal', marshalId };
			const own = Object.values(STATE.incidents)
				.filter((i) => i.reportedBy.id === marshalId)
				.map((i) => PHOTO(i.id));
			const seen = JSON.stringify([visible(audience), viewState(audience, STATE)]);
			const ids = new Set(seen.match(/[0-9a-f]{8}-0000-4000-8000-0{12}/g) ?? []);
			expect([...ids].sort()).toEqual([...new Set(own)].sort());
		}
		expect(mine.incidents['inc-aroha'].photoId).toBe(PHOTO('inc-aroha'));
		expect(mine.incidents['inc-job']).not.toHaveProperty('photoId');
		expect(viewState(ORG, STATE).incidents['inc-job'].photoId).toBe(PHOTO('inc-job'));
	});

	it("sees an organiser's report in their sector without description or the organiser's id", () => {
		expect(mine.incidents['inc-org']).not.toHaveProperty('description');
		expect(mine.incidents['inc-org']).not.toHaveProperty('position');
		expect(mine.incidents['inc-org'].reportedBy).toEqual({ role: 'organiser' });
	});

	it('does not see reports from other sectors, in the state or as events', () => {
		// inc-job is in Courtenay, but it is her job.
		expect(Object.keys(mine.incidents).sort()).toEqual([
			'inc-aroha',
			'inc-job',
			'inc-org',
			'inc-sione'
		]);
		for (const id of ['inc-priya', 'inc-public', 'inc-kai', 'inc-job']) {
			expect(viewOf(AROHA, reportOf(id))).toBeNull();
		}
		const changed = (id: string) =>
			viewOf(AROHA, (e) => e.type === 'incident:state-changed' && e.data.incidentId === id);
		expect(changed('inc-priya')).toBeNull();
		expect(changed('inc-sione')).not.toBeNull();
	});

	it('gets advisories for everyone and for their own sector only', () => {
		expect(Object.keys(mine.advisories).sort()).toEqual(['adv-all', 'adv-cuba', 'adv-public']);
		const advisoryView = (id: string) =>
			viewOf(AROHA, (e) => e.type === 'advisory:posted' && e.data.advisoryId === id);
		expect(advisoryView('adv-cuba')).not.toBeNull();
		expect(advisoryView('adv-courtenay')).toBeNull();
	});

	it('a marshal without a sector sees only their own report, their job and unsectored advisories', () => {
		const s = viewState(KAI, STATE);
		expect(Object.keys(s.incidents).sort()).toEqual(['inc-job', 'inc-kai']);
		expect(s.incidents['inc-kai'].description).toBe(D.kai);
		expect(Object.keys(s.advisories).sort()).toEqual(['adv-all', 'adv-public']);
	});

	it('never receives an actor id, other descriptions or precise positions of others', () => {
		// Their own id only on their own facts: how they recognise what they did.
		for (const e of visible(AROHA)) expect(e.actor).toEqual(asSeenBy('marshal-aroha', e));
		const secrets = [
			D.sione,
			D.priya,
			D.public,
			D.org,
			D.kai,
			'org-secret-7',
			'sess-anon-secret',
			'marshal-sione',
			'marshal-priya',
			'marshal-kai',
			'Sione Secretname',
			'dev-marshal-priya',
			'Kai Secretname',
			'job-kai',
			'job-sione',
			RECORD.note,
			RECORD.police,
			RECORD.decline,
			RECORD.withdraw,
			MARSHAL_ONLY_TEXT[2],
			...[P.sione, P.priya, P.public, P.kai].flat()
		];
		expectNoLeak(visible(AROHA), secrets);
		expectNoLeak(mine, secrets);
	});
});
