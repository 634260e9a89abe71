/**
 * Dispatch through the real CommandService on a real SQLite store: escalation (a decline or
 * silence raises it for the control room, an answer or a new offer ends it) and re-sent
 * commands, which answer as the first time and append nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { JobSweeper } from '$lib/server/services/job-sweeper';
import { newId } from '$lib/shared/ids';
import type { CommandName } from '$lib/shared/protocol';
import { viewState } from '$lib/shared/views';
import { ACCEPT_SECONDS, startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;
let sione: CommandActor;

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
	sione = await t.marshal('marshal-sione');
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
