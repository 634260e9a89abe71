/**
 * Dispatch through the real CommandService on a real SQLite store: the marshal's answers to a
 * job (accept, decline, on scene, resolve) and the organiser's withdrawal, each legal or
 * illegal from every state, and what they move with the job: the marshal and the incident.
 * Every refusal is typed and leaves the journal and the state exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { newId } from '$lib/shared/ids';
import type { CommandName } from '$lib/shared/protocol';
import { startApp } from './support/decision-app';

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
