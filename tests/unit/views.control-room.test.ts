/**
 * Jobs and the control room's record in the night of support/views-night.ts: a job's
 * events and words reach only its marshal, notes, links and police entries no phone, and
 * the organiser sees everything unchanged. Pure views, no server.
 */
import { describe, expect, it } from 'vitest';
import { coarsen } from '$lib/shared/geo';
import { JOURNAL_EVENT_TYPES, type JournalEvent } from '$lib/shared/journal';
import { viewEvent, viewState, type Audience } from '$lib/shared/views';
import { PUBLIC, AROHA, KAI, ORG, P, D, RECORD, STEPS, STATE } from './support/views-night';
import { viewsOf, visible, viewOf, expectNoLeak, asSeenBy } from './support/views-probes';

describe('jobs and the control room record', () => {
	const PRIYA: Audience = { role: 'marshal', marshalId: 'marshal-priya' };
	const SIONE: Audience = { role: 'marshal', marshalId: 'marshal-sione' };
	const MARSHALS = { aroha: AROHA, kai: KAI, priya: PRIYA, sione: SIONE };
	const jobOf = (e: JournalEvent) => STATE.jobs[(e.data as { jobId: string }).jobId];

	it('a marshal receives exactly the events of their own jobs, whole', () => {
		const jobEvents = STEPS.filter(({ event }) => event.type.startsWith('job:'));
		expect(new Set(jobEvents.map(({ event }) => event.type))).toEqual(
			new Set(JOURNAL_EVENT_TYPES.filter((t) => t.startsWith('job:')))
		);
		for (const [name, audience] of Object.entries(MARSHALS)) {
			for (const { event, state } of jobEvents) {
				const view = viewEvent(audience, event, state);
				const mine = jobOf(event).marshalId === `marshal-${name}`;
				expect(view !== null, `${name} seeing ${event.type} ${event.id}`).toBe(mine);
				if (view) {
					expect(view.data).toEqual(event.data);
					expect(view.actor).toEqual(asSeenBy(`marshal-${name}`, event));
				}
			}
		}
	});

	it('the offer brings the marshal the precise position and words of the incident', () => {
		const offered = viewOf(
			AROHA,
			(e) => e.type === 'job:offered' && e.data.jobId === 'job-aroha'
		) as Extract<JournalEvent, { type: 'job:offered' }>;
		expect(offered.data.brief).toMatchObject({ position: P.job, description: D.job });
		const mine = viewState(AROHA, STATE);
		expect(mine.incidents['inc-job']).toMatchObject({
			position: P.job,
			description: D.job,
			state: 'resolved',
			reportedBy: { role: 'public' }
		});
		expect(mine.jobs).toEqual({ 'job-aroha': STATE.jobs['job-aroha'] });
		expect(mine.jobs['job-aroha'].outcome).toBe(RECORD.outcome);
	});

	it('a colleague without the job holds it coarse and without words', () => {
		const priya = viewState(PRIYA, STATE);
		expect(priya.incidents['inc-job'].position).toEqual(coarsen(P.job));
		expect(priya.incidents['inc-job']).not.toHaveProperty('description');
		expect(priya.jobs).toEqual({});
		// Sione's job on inc-org was withdrawn; Aroha, in the same sector, keeps her coarse copy.
		expect(viewState(AROHA, STATE).incidents['inc-org']).not.toHaveProperty('description');
		expect(viewState(SIONE, STATE).incidents['inc-org'].description).toBe(D.org);
	});

	it('a marshal gets their own decline reason, not the outcome of a job they declined', () => {
		const kai = viewState(KAI, STATE);
		expect(kai.jobs).toEqual({ 'job-kai': STATE.jobs['job-kai'] });
		expect(kai.jobs['job-kai'].reason).toBe(RECORD.decline);
		expectNoLeak([visible(KAI), kai], [RECORD.outcome, RECORD.note, RECORD.police, 'job-aroha']);
	});

	it('a marshal who declined a job keeps only the coarse, wordless view of its incident', () => {
		const incident = viewState(KAI, STATE).incidents['inc-job'];
		expect(incident).toBeDefined();
		expect(incident).not.toHaveProperty('description');
		expect(incident.position).toEqual(coarsen(P.job));
		expectNoLeak(viewState(KAI, STATE).incidents, [D.job, ...P.job]);
	});

	it.each([
		'incident:noted',
		'incident:linked',
		'incident:police-logged',
		'incident:escalation-acknowledged'
	] as const)('%s reaches the control room only', (type) => {
		const steps = STEPS.filter(({ event }) => event.type === type);
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, state } of steps) {
			for (const audience of [PUBLIC, ...Object.values(MARSHALS)]) {
				expect(viewEvent(audience, event, state)).toBeNull();
			}
			expect(viewEvent(ORG, event, state)).toBe(event);
		}
	});

	it("a photo's deletion reaches the control room and its reporter only", () => {
		const steps = STEPS.filter(({ event }) => event.type === 'incident:photo-deleted');
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, state } of steps) {
			expect(viewEvent(ORG, event, state)).toBe(event);
			expect(viewEvent(AROHA, event, state)?.data).toEqual(event.data);
			for (const audience of [PUBLIC, KAI, PRIYA, SIONE]) {
				expect(viewEvent(audience, event, state)).toBeNull();
			}
		}
		expect(viewState(AROHA, STATE).incidents['inc-aroha'].photoDeletedAt).toEqual(
			expect.any(String)
		);
	});

	it('no marshal snapshot holds notes, links, police entries, a timeline or an escalation', () => {
		for (const audience of Object.values(MARSHALS)) {
			for (const i of Object.values(viewState(audience, STATE).incidents)) {
				expect(i).toMatchObject({ notes: [], links: [], police: [], timeline: [] });
				expect(i.escalation).toBeNull();
			}
			expectNoLeak(viewState(audience, STATE), [RECORD.note, RECORD.police, 'note-1', 'police-1']);
		}
		expect(STATE.incidents['inc-job']).toMatchObject({
			notes: [expect.objectContaining({ text: RECORD.note })],
			links: ['inc-priya'],
			police: [expect.objectContaining({ reason: RECORD.police })]
		});
	});
});

describe('organiser audience', () => {
	it('sees every event unchanged', () => {
		for (const { event, view } of viewsOf(ORG)) expect(view).toBe(event);
	});

	it('gets the whole state as its snapshot, except the timelines its record asks for', () => {
		const snapshot = viewState(ORG, STATE);
		const lines = Object.values(STATE.incidents).reduce((n, i) => n + i.timeline.length, 0);
		expect(lines).toBeGreaterThan(0);
		expect(Object.values(snapshot.incidents).every((i) => i.timeline.length === 0)).toBe(true);
		const withoutTimelines = (s: typeof STATE) => ({
			...s,
			incidents: Object.fromEntries(
				Object.entries(s.incidents).map(([id, i]) => [id, { ...i, timeline: [] }])
			)
		});
		expect(snapshot).toEqual(withoutTimelines(STATE));
		// The state it came from is untouched: the server keeps folding into it.
		expect(Object.values(STATE.incidents).reduce((n, i) => n + i.timeline.length, 0)).toBe(lines);
	});
});
