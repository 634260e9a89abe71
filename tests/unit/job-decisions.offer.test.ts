/**
 * Dispatch through the real CommandService on a real SQLite store: job:offer, one job per
 * marshal with the brief, and every offer it refuses. Every refusal is typed and leaves the
 * journal and the state exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { newId } from '$lib/shared/ids';
import type { ErrorCode } from '$lib/shared/protocol';
import { ACCEPT_SECONDS, CUBA, startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;
let sione: CommandActor;

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
	sione = await t.marshal('marshal-sione');
	// Mei: on the roster with a phone, never on shift (the off-shift marshal refused below).
	await t.marshal('marshal-mei', false);
});
afterAll(() => t?.close());

const job = async (id: string) => (await t.state()).jobs[id];
const incident = async (id: string) => (await t.state()).incidents[id];

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
