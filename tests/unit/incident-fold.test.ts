/**
 * The incident and job part of the fold: the record (timeline, notes, links, police),
 * the job lifecycle with what follows from it (marshal status, incident state,
 * escalation), illegal moves folding to nothing, and offers carrying their brief.
 */
import { describe, expect, it } from 'vitest';
import type { LngLat } from '$lib/shared/geo';
import {
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor, EventState, JobState } from '$lib/shared/model';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';

const ORG: Actor = { role: 'organiser', id: 'org-1' };
const AROHA: Actor = { role: 'marshal', id: 'marshal-aroha' };
const SIONE: Actor = { role: 'marshal', id: 'marshal-sione' };
const T0 = Date.parse('2026-02-14T06:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const SPOT: LngLat = [174.77571234, -41.29163457];
const BRIEF = {
	category: 'hate-assault',
	severity: 4,
	reportedAt: at(6),
	sectorId: 'cuba',
	position: SPOT,
	description: 'Man cut on the arm outside the takeaway'
} as const;

type Step = { [T in JournalEventType]: [T, JournalData<T>, Actor?] }[JournalEventType];

/** Numbers and validates events: seq and minute advance together from `first`. */
function numbered(steps: Step[], first = 1): JournalEvent[] {
	return steps.map(([type, data, actor = ORG], i) =>
		JournalEventSchema.parse({
			seq: first + i,
			id: `e-${first + i}`,
			type,
			at: at(first + i),
			actor,
			data
		})
	) as JournalEvent[];
}

/** Aroha and Sione on shift, Kai off shift; inc-1 (Sione's, precise) and inc-2 (words only). */
const WORLD: Step[] = [
	['marshal:added', { marshalId: 'marshal-aroha', displayName: 'Aroha', sectorId: 'cuba' }],
	['marshal:added', { marshalId: 'marshal-sione', displayName: 'Sione', sectorId: 'cuba' }],
	['marshal:added', { marshalId: 'marshal-kai', displayName: 'Kai', sectorId: null }],
	['marshal:shift-started', { marshalId: 'marshal-aroha' }, AROHA],
	['marshal:shift-started', { marshalId: 'marshal-sione' }, SIONE],
	[
		'incident:reported',
		{
			incidentId: 'inc-1',
			category: 'hate-assault',
			severity: 4,
			position: SPOT,
			description: BRIEF.description,
			onBehalf: true,
			sectorId: 'cuba'
		},
		SIONE
	],
	[
		'incident:reported',
		{
			incidentId: 'inc-2',
			category: 'disorder',
			severity: 2,
			description: 'Bottles thrown near the fountain',
			onBehalf: false,
			sectorId: null
		},
		{ role: 'public' }
	]
];

/** The world, then `steps`; returns the fold and the events after the world. */
function run(...steps: Step[]) {
	const events = numbered([...WORLD, ...steps]);
	return { state: applyAll(emptyState('ev'), events), events: events.slice(WORLD.length) };
}

const offer = (jobId: string, marshalId: string, incidentId = 'inc-1'): Step => [
	'job:offered',
	{ jobId, incidentId, marshalId, respondBy: at(90), brief: BRIEF }
];
const move = (type: JournalEventType, jobId = 'job-1', actor: Actor = AROHA): Step => {
	const extra: Record<string, object> = {
		'job:declined': { reason: 'Already walking someone home' },
		'job:resolved': { outcome: 'Walked them to the taxi rank' },
		'job:withdrawn': { reason: 'Police took over' }
	};
	return [type, { jobId, ...(extra[type] ?? {}) }, actor] as Step;
};

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

describe('the job lifecycle', () => {
	type Case = {
		moves: JournalEventType[];
		job: JobState;
		marshal: string;
		incident: string;
		marshalId?: string;
	};
	it.each<[string, Case]>([
		['offered', { moves: [], job: 'offered', marshal: 'available', incident: 'dispatched' }],
		[
			'accepted',
			{ moves: ['job:accepted'], job: 'accepted', marshal: 'on-job', incident: 'dispatched' }
		],
		[
			'accepted, on scene',
			{
				moves: ['job:accepted', 'job:on-scene'],
				job: 'on-scene',
				marshal: 'on-job',
				incident: 'on-scene'
			}
		],
		[
			'on scene at once',
			{ moves: ['job:on-scene'], job: 'on-scene', marshal: 'on-job', incident: 'on-scene' }
		],
		[
			'accepted, resolved',
			{
				moves: ['job:accepted', 'job:resolved'],
				job: 'resolved',
				marshal: 'available',
				incident: 'resolved'
			}
		],
		[
			'on scene, resolved',
			{
				moves: ['job:on-scene', 'job:resolved'],
				job: 'resolved',
				marshal: 'available',
				incident: 'resolved'
			}
		],
		[
			'declined',
			{ moves: ['job:declined'], job: 'declined', marshal: 'available', incident: 'dispatched' }
		],
		[
			'timed out',
			{ moves: ['job:timed-out'], job: 'timed-out', marshal: 'available', incident: 'dispatched' }
		],
		[
			'timed out, then accepted late',
			{
				moves: ['job:timed-out', 'job:accepted'],
				job: 'accepted',
				marshal: 'on-job',
				incident: 'dispatched'
			}
		],
		[
			'withdrawn while offered',
			{ moves: ['job:withdrawn'], job: 'withdrawn', marshal: 'available', incident: 'dispatched' }
		],
		[
			'withdrawn while on scene',
			{
				moves: ['job:on-scene', 'job:withdrawn'],
				job: 'withdrawn',
				marshal: 'available',
				incident: 'on-scene'
			}
		],
		[
			'off shift: accepted',
			{
				moves: ['job:accepted'],
				job: 'accepted',
				marshal: 'off-shift',
				incident: 'dispatched',
				marshalId: 'marshal-kai'
			}
		],
		[
			'off shift: resolved',
			{
				moves: ['job:on-scene', 'job:resolved'],
				job: 'resolved',
				marshal: 'off-shift',
				incident: 'resolved',
				marshalId: 'marshal-kai'
			}
		]
	])('%s', (_, c) => {
		const marshalId = c.marshalId ?? 'marshal-aroha';
		const { state } = run(offer('job-1', marshalId), ...c.moves.map((t) => move(t)));
		expect(state.jobs['job-1']).toMatchObject({ state: c.job, incidentId: 'inc-1', marshalId });
		expect(state.marshals[marshalId].status).toBe(c.marshal);
		expect(state.incidents['inc-1'].state).toBe(c.incident);
	});

	it('keeps the reason of a decline or withdrawal and the outcome of a resolution', () => {
		const declined = run(offer('job-1', 'marshal-aroha'), move('job:declined')).state;
		expect(declined.jobs['job-1']).toMatchObject({ reason: 'Already walking someone home' });
		const resolved = run(
			offer('job-1', 'marshal-aroha'),
			move('job:on-scene'),
			move('job:resolved')
		);
		expect(resolved.state.jobs['job-1']).toEqual({
			id: 'job-1',
			incidentId: 'inc-1',
			marshalId: 'marshal-aroha',
			state: 'resolved',
			offeredAt: resolved.events[0].at,
			respondBy: at(90),
			updatedAt: resolved.events[2].at,
			outcome: 'Walked them to the taxi rank'
		});
	});

	it.each([
		['reported', 'dispatched'],
		['acknowledged', 'dispatched'],
		['dispatched', 'dispatched'],
		['on-scene', 'on-scene']
	] as const)('an offer on a %s incident leaves it %s', (from, to) => {
		const steps: Step[] =
			from === 'reported'
				? []
				: [['incident:state-changed', { incidentId: 'inc-1', from: 'reported', to: from }]];
		expect(run(...steps, offer('job-1', 'marshal-aroha')).state.incidents['inc-1'].state).toBe(to);
	});

	it('a job resolved on a referred incident leaves it referred', () => {
		const { state } = run(
			offer('job-1', 'marshal-aroha'),
			move('job:on-scene'),
			['incident:state-changed', { incidentId: 'inc-1', from: 'on-scene', to: 'referred' }],
			move('job:resolved')
		);
		expect(state.incidents['inc-1'].state).toBe('referred');
		expect(state.jobs['job-1'].state).toBe('resolved');
	});

	it('a marshal with two jobs is available only when both are done', () => {
		const { state } = run(
			offer('job-1', 'marshal-aroha'),
			offer('job-2', 'marshal-aroha', 'inc-2'),
			move('job:accepted', 'job-1'),
			move('job:accepted', 'job-2'),
			move('job:resolved', 'job-1')
		);
		expect(state.marshals['marshal-aroha'].status).toBe('on-job');
		const done = apply(state, numbered([move('job:withdrawn', 'job-2')], state.seq + 1)[0]);
		expect(done.marshals['marshal-aroha'].status).toBe('available');
	});
});

describe('illegal job moves fold to nothing', () => {
	/** Where each job state is reached from an offer. */
	const PATHS: Record<JobState, JournalEventType[]> = {
		offered: [],
		accepted: ['job:accepted'],
		declined: ['job:declined'],
		'timed-out': ['job:timed-out'],
		'on-scene': ['job:accepted', 'job:on-scene'],
		resolved: ['job:accepted', 'job:resolved'],
		withdrawn: ['job:withdrawn']
	};
	/** The product's rules, written out independently of the fold's table. */
	const LEGAL: Record<string, JobState[]> = {
		'job:accepted': ['offered', 'timed-out'],
		'job:declined': ['offered', 'timed-out'],
		'job:timed-out': ['offered'],
		'job:on-scene': ['offered', 'timed-out', 'accepted'],
		'job:resolved': ['accepted', 'on-scene'],
		'job:withdrawn': ['offered', 'timed-out', 'accepted', 'on-scene']
	};
	const TARGET: Record<string, JobState> = {
		'job:accepted': 'accepted',
		'job:declined': 'declined',
		'job:timed-out': 'timed-out',
		'job:on-scene': 'on-scene',
		'job:resolved': 'resolved',
		'job:withdrawn': 'withdrawn'
	};
	const cases = Object.entries(PATHS).flatMap(([from, path]) =>
		Object.keys(LEGAL).map((type) => ({
			from: from as JobState,
			path,
			type: type as JournalEventType
		}))
	);

	it.each(cases)('$type on a $from job', ({ from, path, type }) => {
		const { state } = run(offer('job-1', 'marshal-aroha'), ...path.map((t) => move(t)));
		expect(state.jobs['job-1'].state).toBe(from);
		const [e] = numbered([move(type)], state.seq + 1);
		const after = apply(state, e);
		if (LEGAL[type].includes(from)) expect(after.jobs['job-1'].state).toBe(TARGET[type]);
		else expect(after).toEqual({ ...state, seq: e.seq });
	});

	it.each(Object.keys(LEGAL))('%s for an unknown job folds to nothing', (type) => {
		const { state } = run(offer('job-1', 'marshal-aroha'));
		const [e] = numbered([move(type as JournalEventType, 'job-x')], state.seq + 1);
		expect(apply(state, e)).toEqual({ ...state, seq: e.seq });
	});

	it('a second offer with the same job id folds to nothing', () => {
		const { state } = run(offer('job-1', 'marshal-aroha'), move('job:accepted'));
		const [e] = numbered([offer('job-1', 'marshal-sione', 'inc-2')], state.seq + 1);
		expect(apply(state, e)).toEqual({ ...state, seq: e.seq });
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
