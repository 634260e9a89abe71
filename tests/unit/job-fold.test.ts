/**
 * The job part of the fold: every move with what follows from it (job state, marshal
 * status, incident state), and every illegal move folding to nothing.
 */
import { describe, expect, it } from 'vitest';
import type { JournalEventType } from '$lib/shared/journal';
import type { JobState } from '$lib/shared/model';
import { apply } from '$lib/shared/reducer';
import { at, move, numbered, offer, run, type Step } from './support/fold-fixture';

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

	it('the state change that follows a job move reads from where the incident was', () => {
		// As the deciders write it: each job move, then the incident state it brings.
		const { state } = run(
			offer('job-1', 'marshal-aroha'),
			['incident:state-changed', { incidentId: 'inc-1', from: 'reported', to: 'dispatched' }],
			move('job:accepted'),
			move('job:on-scene'),
			['incident:state-changed', { incidentId: 'inc-1', from: 'dispatched', to: 'on-scene' }],
			move('job:resolved'),
			['incident:state-changed', { incidentId: 'inc-1', from: 'on-scene', to: 'resolved' }]
		);
		const states = state.incidents['inc-1'].timeline
			.filter((l) => l.type === 'incident:state-changed')
			.map((l) => l.summary);
		expect(states).toEqual([
			'State: reported → dispatched',
			'State: dispatched → on-scene',
			'State: on-scene → resolved'
		]);
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
