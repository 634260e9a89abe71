/**
 * Dispatch through the real CommandService on a real SQLite store: offers, the
 * marshal's answers, illegal moves, escalation and re-sent commands. Every refusal
 * is typed and leaves the journal and the state exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { JobSweeper } from '$lib/server/services/job-sweeper';
import { newId } from '$lib/shared/ids';
import type { CommandName, ErrorCode } from '$lib/shared/protocol';
import { viewState } from '$lib/shared/views';
import { ACCEPT_SECONDS, CUBA, startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;
let sione: CommandActor;
/** On the roster, never on shift. */
let mei: CommandActor;

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
	sione = await t.marshal('marshal-sione');
	mei = await t.marshal('marshal-mei', false);
});
afterAll(() => t?.close());

const job = async (id: string) => (await t.state()).jobs[id];
const incident = async (id: string) => (await t.state()).incidents[id];

/** Times out every offer as the server's sweeper does once `respondBy` has passed. */
async function sweepLater() {
	const runtime = await t.app.runtime(t.app.config.eventId);
	const later = () => new Date(Date.now() + (ACCEPT_SECONDS + 1) * 1000);
	const n = await new JobSweeper({ runtime, store: t.app.store, now: later }).sweep();
	await runtime.waitFor(await t.head());
	return n;
}

describe('job:offer', () => {
	it('offers one job per marshal, with the brief, and dispatches the incident', async () => {
		const incidentId = await t.report(sione);
		const { jobIds, events } = await t.offer(org, incidentId, 'marshal-aroha', 'marshal-sione');
		expect(events.map((e) => e.type)).toEqual([
			'job:offered',
			'job:offered',
			'incident:state-changed'
		]);
		const [first] = events;
		expect(first.actor).toEqual({ role: 'organiser', id: org.subjectId });
		expect(first.data).toEqual({
			jobId: jobIds[0],
			incidentId,
			marshalId: 'marshal-aroha',
			respondBy: new Date(Date.parse(first.at) + ACCEPT_SECONDS * 1000).toISOString(),
			brief: {
				category: 'hate-assault',
				severity: 4,
				reportedAt: (await incident(incidentId)).reportedAt,
				sectorId: 'sector-cuba',
				position: CUBA,
				description: 'Man cut on the arm outside the takeaway'
			}
		});
		expect(events[1].data).toMatchObject({ jobId: jobIds[1], marshalId: 'marshal-sione' });
		expect(events[2].data).toEqual({ incidentId, from: 'reported', to: 'dispatched' });
		expect((await incident(incidentId)).state).toBe('dispatched');
		expect((await job(jobIds[0])).state).toBe('offered');
	});

	type Refusal = [string, ErrorCode, (incidentId: string) => Promise<object>];
	const offers = (...pairs: [string, string][]) =>
		pairs.map(([jobId, marshalId]) => ({ jobId, marshalId }));
	it.each<Refusal>([
		[
			'to a marshal off shift',
			'conflict',
			async () => ({ offers: offers([newId(), 'marshal-mei']) })
		],
		[
			'to an unknown marshal',
			'not-found',
			async () => ({ offers: offers([newId(), 'marshal-x']) })
		],
		[
			'with one bad marshal among good ones',
			'conflict',
			async () => ({ offers: offers([newId(), 'marshal-aroha'], [newId(), 'marshal-mei']) })
		],
		[
			'twice to the same marshal in one offer',
			'conflict',
			async () => ({ offers: offers([newId(), 'marshal-aroha'], [newId(), 'marshal-aroha']) })
		],
		[
			'again to a marshal whose job on it is still open',
			'conflict',
			async (incidentId) => {
				await t.offer(org, incidentId, 'marshal-aroha');
				return { offers: offers([newId(), 'marshal-aroha']) };
			}
		],
		[
			'with a job id already used',
			'conflict',
			async (incidentId) => {
				const { jobIds } = await t.offer(org, incidentId, 'marshal-sione');
				return { offers: offers([jobIds[0], 'marshal-aroha']) };
			}
		],
		[
			'with one job id for two marshals',
			'conflict',
			async () => {
				const id = newId();
				return { offers: offers([id, 'marshal-aroha'], [id, 'marshal-sione']) };
			}
		],
		...(['resolved', 'cancelled', 'referred'] as const).map((to): Refusal => [
			`on a ${to} incident`,
			'conflict',
			async (incidentId) => {
				await t.must(org, 'incident:transition', { incidentId, to });
				return { offers: offers([newId(), 'marshal-aroha']) };
			}
		]),
		[
			'on an unknown incident',
			'not-found',
			async () => ({ incidentId: newId(), offers: offers([newId(), 'marshal-aroha']) })
		]
	])('refuses an offer %s', async (_, code, setUp) => {
		const incidentId = await t.report(sione);
		const payload = { incidentId, ...(await setUp(incidentId)) };
		await t.refused(code, org, 'job:offer', payload);
	});

	it('offers again to a marshal who declined', async () => {
		const incidentId = await t.report(sione);
		const { jobIds } = await t.offer(org, incidentId, 'marshal-aroha');
		await t.must(aroha, 'job:decline', { jobId: jobIds[0], reason: 'On my way elsewhere' });
		const again = await t.offer(org, incidentId, 'marshal-aroha');
		// Already dispatched: no second state change.
		expect(again.events.map((e) => e.type)).toEqual(['job:offered']);
	});
});

describe("the marshal's answers", () => {
	type Command = Extract<CommandName, `job:${string}`>;
	const extra: Partial<Record<Command, object>> = {
		'job:decline': { reason: 'Already walking someone home' },
		'job:resolve': { outcome: 'Walked them to the taxi rank' }
	};
	/** Set-up moves by the job's own marshal (or the organiser, for a withdrawal). */
	const play = async (jobId: string, moves: Command[]) => {
		for (const name of moves) {
			await t.must(name === 'job:withdraw' ? org : aroha, name, { jobId, ...extra[name] });
		}
	};

	it.each<[Command[], Command, 'ok' | 'conflict', string?]>([
		[[], 'job:accept', 'ok', 'accepted'],
		[[], 'job:decline', 'ok', 'declined'],
		[[], 'job:on-scene', 'ok', 'on-scene'],
		[[], 'job:resolve', 'conflict'],
		[['job:accept'], 'job:accept', 'conflict'],
		[['job:accept'], 'job:decline', 'conflict'],
		[['job:accept'], 'job:on-scene', 'ok', 'on-scene'],
		[['job:accept'], 'job:resolve', 'ok', 'resolved'],
		[['job:accept', 'job:on-scene'], 'job:on-scene', 'conflict'],
		[['job:accept', 'job:on-scene'], 'job:resolve', 'ok', 'resolved'],
		[['job:decline'], 'job:accept', 'conflict'],
		[['job:decline'], 'job:decline', 'conflict'],
		[['job:decline'], 'job:withdraw', 'conflict'],
		[['job:withdraw'], 'job:accept', 'conflict'],
		[['job:withdraw'], 'job:on-scene', 'conflict'],
		[['job:accept', 'job:resolve'], 'job:on-scene', 'conflict'],
		[['job:accept', 'job:resolve'], 'job:resolve', 'conflict'],
		[['job:accept', 'job:resolve'], 'job:withdraw', 'conflict'],
		[['job:accept', 'job:on-scene'], 'job:withdraw', 'ok', 'withdrawn']
	])('after %j, %s: %s', async (moves, name, expected, state) => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		await play(jobId, moves);
		const actor = name === 'job:withdraw' ? org : aroha;
		const payload = { jobId, ...extra[name] };
		if (expected === 'conflict') return t.refused('conflict', actor, name, payload);
		await t.must(actor, name, payload);
		expect((await job(jobId)).state).toBe(state);
	});

	it('moves the marshal and the incident with the job, in the journal', async () => {
		// A marshal with no other job, so their status is this job's alone.
		const jordan = await t.marshal('marshal-jordan');
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-jordan')).jobIds;
		const status = async () => (await t.state()).marshals['marshal-jordan'].status;
		await t.must(jordan, 'job:accept', { jobId });
		expect(await status()).toBe('on-job');
		const arrived = await t.must(jordan, 'job:on-scene', { jobId });
		expect(arrived.events.map((e) => [e.type, e.data])).toEqual([
			['job:on-scene', { jobId }],
			['incident:state-changed', { incidentId, from: 'dispatched', to: 'on-scene' }]
		]);
		const done = await t.must(jordan, 'job:resolve', { jobId, outcome: 'Safe at home' });
		expect(done.events.map((e) => e.type)).toEqual(['job:resolved', 'incident:state-changed']);
		expect(done.events[0].actor).toEqual({ role: 'marshal', id: 'marshal-jordan' });
		expect(await status()).toBe('available');
		expect(await incident(incidentId)).toMatchObject({ state: 'resolved' });
		expect(await job(jobId)).toMatchObject({ state: 'resolved', outcome: 'Safe at home' });
	});

	it.each(['job:accept', 'job:decline', 'job:on-scene', 'job:resolve'] as const)(
		"%s: another marshal cannot touch someone else's job, nor a job that does not exist",
		async (name) => {
			const incidentId = await t.report(sione);
			const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
			if (name === 'job:resolve') await t.must(aroha, 'job:accept', { jobId });
			await t.refused('not-found', sione, name, { jobId, ...extra[name] });
			await t.refused('not-found', mei, name, { jobId, ...extra[name] });
			await t.refused('not-found', aroha, name, { jobId: newId(), ...extra[name] });
		}
	);

	it('a revoked phone answers nothing', async () => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		const lost = await t.marshal('marshal-aroha');
		await t.must(org, 'device:revoke', { deviceId: lost.sessionId });
		await t.refused('forbidden', lost, 'job:accept', { jobId });
		await t.must(aroha, 'job:accept', { jobId });
	});

	it('the organiser withdraws only a job that exists and is still open', async () => {
		await t.refused('not-found', org, 'job:withdraw', { jobId: newId() });
		const farida = await t.marshal('marshal-farida');
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-farida')).jobIds;
		const status = async () => (await t.state()).marshals['marshal-farida'].status;
		await t.must(farida, 'job:accept', { jobId });
		// A second job, elsewhere: handing back the first does not make her available.
		const [other] = (await t.offer(org, await t.report(sione), 'marshal-farida')).jobIds;
		await t.must(farida, 'job:accept', { jobId: other });
		await t.must(org, 'job:withdraw', { jobId, reason: 'Police took over' });
		expect(await status()).toBe('on-job');
		await t.must(farida, 'job:resolve', { jobId: other, outcome: 'All calm' });
		expect(await status()).toBe('available');
		await t.refused('conflict', org, 'job:withdraw', { jobId });
	});
});

describe('escalation', () => {
	it('a decline escalates, visibly to the control room only, until acknowledged', async () => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		const declined = await t.must(aroha, 'job:decline', { jobId, reason: 'I know them' });
		const escalation = { reason: 'declined', at: declined.events[0].at, jobId };
		const control = viewState({ role: 'organiser' }, await t.state());
		expect(control.incidents[incidentId].escalation).toEqual(escalation);
		// The record's timeline (the control room asks for it: incident:timeline).
		expect((await t.state()).incidents[incidentId].timeline.at(-1)).toMatchObject({
			seq: declined.ack.seq,
			summary: 'Aroha W. declined: I know them'
		});
		const reporter = viewState({ role: 'marshal', marshalId: 'marshal-sione' }, await t.state());
		expect(reporter.incidents[incidentId].escalation).toBeNull();

		const ack = await t.must(org, 'incident:acknowledge-escalation', { incidentId });
		expect(ack.events.map((e) => e.type)).toEqual(['incident:escalation-acknowledged']);
		expect((await incident(incidentId)).escalation).toBeNull();
		await t.refused('conflict', org, 'incident:acknowledge-escalation', { incidentId });
		await t.refused('not-found', org, 'incident:acknowledge-escalation', { incidentId: newId() });
	});

	it('silence escalates; a late answer still takes the job and ends the alarm', async () => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		expect(await sweepLater()).toBeGreaterThanOrEqual(1);
		expect(await job(jobId)).toMatchObject({ state: 'timed-out' });
		expect((await incident(incidentId)).escalation).toMatchObject({ reason: 'timed-out', jobId });
		await t.must(aroha, 'job:accept', { jobId });
		expect((await incident(incidentId)).escalation).toBeNull();
		// A timeout racing the accept folds to nothing.
		expect(await sweepLater()).toBe(0);
		expect((await job(jobId)).state).toBe('accepted');
	});

	it('a new offer ends the alarm', async () => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		await t.must(aroha, 'job:decline', { jobId, reason: 'Too far' });
		await t.offer(org, incidentId, 'marshal-sione');
		expect((await incident(incidentId)).escalation).toBeNull();
	});
});

describe('a re-sent command', () => {
	it.each<[string, (jobId: string) => [CommandActor, CommandName, object]]>([
		['job:offer', () => [org, 'job:offer', {}]],
		['job:accept', (jobId) => [aroha, 'job:accept', { jobId }]],
		['job:decline', (jobId) => [aroha, 'job:decline', { jobId, reason: 'Busy' }]]
	])('%s answers with the first seq and appends nothing', async (name, command) => {
		const incidentId = await t.report(sione);
		const [jobId] = (await t.offer(org, incidentId, 'marshal-aroha')).jobIds;
		const [actor, cmd, payload] = command(jobId);
		const body =
			cmd === 'job:offer'
				? { incidentId, offers: [{ jobId: newId(), marshalId: 'marshal-sione' }] }
				: payload;
		const commandId = newId();
		const first = await t.send(actor, cmd, { ...body, commandId });
		expect(first.ok, name).toBe(true);
		const head = await t.head();
		// Sent again after the state moved on: still the first answer, nothing new.
		expect(await t.send(actor, cmd, { ...body, commandId })).toEqual(first);
		expect(await t.head()).toBe(head);
	});
});
