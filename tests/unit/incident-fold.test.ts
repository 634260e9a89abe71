/**
 * The incident part of the fold: the record (timeline, notes, links, police),
 * escalation, and offers carrying their brief.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import {
	BRIEF,
	ORG,
	SIONE,
	SPOT,
	WORLD,
	at,
	move,
	numbered,
	offer,
	run,
	type Step
} from './support/fold-fixture';

describe('the incident record', () => {
	const { state, events } = run(
		[
			'incident:state-changed',
			{ incidentId: 'inc-1', from: 'reported', to: 'acknowledged', reason: 'Seen on camera' }
		],
		['incident:noted', { incidentId: 'inc-1', noteId: 'n-1', text: 'Victim wants a walk home' }],
		['incident:linked', { incidentId: 'inc-1', otherId: 'inc-2' }],
		['incident:police-logged', { incidentId: 'inc-1', entryId: 'p-1', kind: 'requested' }],
		[
			'incident:police-logged',
			{
				incidentId: 'inc-1',
				entryId: 'p-2',
				kind: 'declined-escort',
				occurredAt: at(3),
				reason: 'No units free'
			}
		],
		offer('job-1', 'marshal-aroha'),
		move('job:declined'),
		['incident:escalation-acknowledged', { incidentId: 'inc-1' }],
		offer('job-2', 'marshal-sione'),
		move('job:accepted', 'job-2', SIONE),
		move('job:on-scene', 'job-2', SIONE),
		move('job:resolved', 'job-2', SIONE)
	);
	const inc = state.incidents['inc-1'];

	it('has one timeline line per change, with its seq, time, actor and type', () => {
		const first = numbered(WORLD).find((e) => e.seq === 6) as JournalEvent;
		const expected = [first, ...events.filter((e) => e.type !== 'incident:reported')];
		expect(inc.timeline.map(({ seq, at, actor, type }) => ({ seq, at, actor, type }))).toEqual(
			expected.map(({ seq, at, actor, type }) => ({ seq, at, actor, type }))
		);
		expect(inc.updatedAt).toBe(events.at(-1)?.at);
	});

	it('says what happened in each line', () => {
		expect(inc.timeline.map((l) => l.summary)).toEqual([
			'Reported: Hate-motivated assault, severity 4',
			'State: reported → acknowledged (Seen on camera)',
			'Note added',
			'Linked with inc-2',
			'Police requested',
			'Police declined to escort: No units free',
			'Job offered to Aroha',
			'Aroha declined: Already walking someone home',
			'Escalation acknowledged',
			'Job offered to Sione',
			'Sione accepted',
			'Sione on scene',
			'Sione resolved: Walked them to the taxi rank'
		]);
	});

	it('keeps notes with who wrote them and when', () => {
		expect(inc.notes).toEqual([
			{ id: 'n-1', at: events[1].at, actor: ORG, text: 'Victim wants a walk home' }
		]);
	});

	it('links both ways, with a line on each incident', () => {
		expect(inc.links).toEqual(['inc-2']);
		expect(state.incidents['inc-2'].links).toEqual(['inc-1']);
		expect(state.incidents['inc-2'].timeline.at(-1)).toMatchObject({
			seq: events[2].seq,
			summary: 'Linked with inc-1'
		});
	});

	it('records police entries with when it happened, when it was logged, by whom and why', () => {
		expect(inc.police).toEqual([
			{
				id: 'p-1',
				kind: 'requested',
				occurredAt: events[3].at,
				loggedAt: events[3].at,
				loggedBy: ORG
			},
			{
				id: 'p-2',
				kind: 'declined-escort',
				occurredAt: at(3),
				loggedAt: events[4].at,
				loggedBy: ORG,
				reason: 'No units free'
			}
		]);
	});

	it('ends resolved by the job, with no escalation left', () => {
		expect(inc.state).toBe('resolved');
		expect(inc.escalation).toBeNull();
	});
});

describe('links and record entries that cannot apply', () => {
	const { state: start } = run();
	it.each([
		['incident:linked', { incidentId: 'inc-1', otherId: 'inc-1' }],
		['incident:linked', { incidentId: 'inc-1', otherId: 'nope' }],
		['incident:linked', { incidentId: 'nope', otherId: 'inc-1' }],
		['incident:noted', { incidentId: 'nope', noteId: 'n', text: 'x' }],
		['incident:police-logged', { incidentId: 'nope', entryId: 'p', kind: 'attended' }],
		['incident:escalation-acknowledged', { incidentId: 'nope' }],
		// Nothing to acknowledge: no line either.
		['incident:escalation-acknowledged', { incidentId: 'inc-1' }]
	] as Step[])('%s %j folds to nothing', (...step) => {
		const [e] = numbered([step as unknown as Step], start.seq + 1);
		expect(apply(start, e)).toEqual({ ...start, seq: e.seq });
	});

	it('a second link between the same incidents adds nothing', () => {
		const link: Step = ['incident:linked', { incidentId: 'inc-2', otherId: 'inc-1' }];
		const once = run(['incident:linked', { incidentId: 'inc-1', otherId: 'inc-2' }]).state;
		const twice = run(['incident:linked', { incidentId: 'inc-1', otherId: 'inc-2' }], link).state;
		expect(twice.incidents).toEqual(once.incidents);
	});
});

describe('escalation', () => {
	const escalated = (...steps: Step[]) => run(...steps).state.incidents['inc-1'].escalation;

	it('a decline escalates, naming the job and the time', () => {
		const { state, events } = run(offer('job-1', 'marshal-aroha'), move('job:declined'));
		expect(state.incidents['inc-1'].escalation).toEqual({
			reason: 'declined',
			at: events[1].at,
			jobId: 'job-1'
		});
	});

	it('silence escalates', () => {
		expect(
			escalated(offer('job-1', 'marshal-aroha'), move('job:timed-out', 'job-1', { role: 'system' }))
		).toMatchObject({
			reason: 'timed-out',
			jobId: 'job-1'
		});
	});

	it.each<[string, Step]>([
		['acknowledging it', ['incident:escalation-acknowledged', { incidentId: 'inc-1' }]],
		['a new offer', offer('job-2', 'marshal-sione')],
		[
			'acknowledging the incident',
			['incident:state-changed', { incidentId: 'inc-1', from: 'dispatched', to: 'acknowledged' }]
		],
		['the timed-out marshal accepting after all', move('job:accepted')],
		['the timed-out marshal arriving after all', move('job:on-scene')]
	])('is cleared by %s', (_, step) => {
		expect(escalated(offer('job-1', 'marshal-aroha'), move('job:timed-out'), step)).toBeNull();
	});
});

describe('an offer carries its brief', () => {
	/** A marshal's copy of the world: they hold no incident at all. */
	const bare = (): EventState =>
		applyAll(emptyState('ev'), numbered(WORLD.filter(([t]) => t.startsWith('marshal:'))));

	it('creates the incident from the brief when the holder has none', () => {
		const s = bare();
		const [e] = numbered([offer('job-1', 'marshal-aroha')], s.seq + 1);
		const after = apply(s, e);
		expect(after.incidents['inc-1']).toEqual({
			id: 'inc-1',
			category: 'hate-assault',
			severity: 4,
			state: 'dispatched',
			onBehalf: false,
			reportedAt: BRIEF.reportedAt,
			reportedBy: { role: 'system' },
			sectorId: 'cuba',
			updatedAt: e.at,
			position: SPOT,
			description: BRIEF.description,
			notes: [],
			links: [],
			police: [],
			timeline: [
				{ seq: e.seq, at: e.at, actor: ORG, type: 'job:offered', summary: 'Job offered to Aroha' }
			],
			escalation: null
		});
		expect(after.jobs['job-1'].state).toBe('offered');
	});

	it('makes a coarse copy precise', () => {
		const s = bare();
		const coarse = numbered(
			[
				[
					'incident:reported',
					{
						incidentId: 'inc-1',
						category: 'hate-assault',
						severity: 4,
						position: [174.776, -41.292],
						onBehalf: true,
						sectorId: 'cuba'
					},
					SIONE
				]
			],
			s.seq + 1
		);
		const held = applyAll(s, coarse);
		const after = apply(held, numbered([offer('job-1', 'marshal-aroha')], held.seq + 1)[0]);
		expect(after.incidents['inc-1']).toMatchObject({
			position: SPOT,
			description: BRIEF.description,
			onBehalf: true
		});
	});
});
