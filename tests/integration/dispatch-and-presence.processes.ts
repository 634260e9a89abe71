import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import { newId } from '$lib/shared/ids';
import { startServerProcess, type ServerProcess } from '../support/processes';
import { clientPool } from './support/clients';
import { publicVisitor, signInOrganiser } from './support/identities';
import { expectOk, readJournal } from './support/journal';
import {
	ask,
	marshalOnShift,
	north,
	presenceBatches,
	report,
	SCENE,
	sendPosition,
	sleep,
	untilShown
} from './support/presence';
import { deleteRedisKeys, havenEnv, tempDir, testApp, uniqueEventId } from './support/servers';

/** Two real server processes on one real Redis (and this test's own app beside them). */
export function processesSuite() {
	describe('two server processes on one Redis', () => {
		const redisUrl = inject('redisUrl');
		const keyPrefix = `test:dispatch:${randomUUID()}:`;
		const eventId = uniqueEventId('dispatch-redis');
		const dir = tempDir('dispatch-redis');
		const env = {
			...havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } }),
			HAVEN_JOB_ACCEPT_SECONDS: '5'
		};
		const clients = clientPool();
		let app: AppContainer;
		let a: ServerProcess;
		let b: ServerProcess;

		beforeAll(async () => {
			app = await testApp(env);
			[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
		});
		afterAll(async () => {
			clients.closeAll();
			await Promise.all([a?.stop(), b?.stop()]);
			await app?.close();
			await deleteRedisKeys(redisUrl, keyPrefix);
			dir.remove();
		});
		const organiserOn = async (p: ServerProcess) =>
			clients.connect(p.url, (await signInOrganiser(app, eventId)).auth(), { eventId });
		const marshalOn = (p: ServerProcess, marshalId: string) =>
			marshalOnShift(app, clients.connect, p.url, eventId, marshalId);

		it('shows a position sent to one process to organisers on both, and forgets it', async () => {
			const [onA, onB] = [await organiserOn(a), await organiserOn(b)];
			const visitor = await clients.connect(a.url, publicVisitor(app, eventId).auth(), {
				eventId
			});
			const { client: phone } = await marshalOn(b, 'marshal-aroha');
			const incidentId = await report(phone, SCENE);
			const sent = sendPosition(phone, north(SCENE, 120));
			for (const c of [onA, onB]) {
				await untilShown(c, 'marshal-aroha', (p) => p?.at === sent.at, 'aroha in both rooms');
			}
			// The suggestion on A uses the position B stored.
			const ack = await ask(onA, 'dispatch:suggest', { incidentId });
			if (!ack.ok) throw new Error(ack.message);
			const [first] = ack.suggestions;
			expect(first).toMatchObject({ marshalId: 'marshal-aroha', lastSeenAt: sent.at });
			expect(Math.abs((first.distanceMetres ?? 0) - 120)).toBeLessThanOrEqual(1);

			expectOk(await phone.command('marshal:end-shift', { commandId: newId() }), 'end on B');
			await untilShown(onA, 'marshal-aroha', (p) => p === undefined, 'aroha gone on A');
			for (const c of [phone, visitor]) expect(presenceBatches(c)).toEqual([]);
		});

		it('times out an unanswered offer once, however many processes watch the clock', async () => {
			const control = await organiserOn(a);
			const { client: phone } = await marshalOn(b, 'marshal-priya');
			const incidentId = await report(phone, SCENE);
			const jobId = newId();
			const offers = [{ jobId, marshalId: 'marshal-priya' }];
			const offer = { commandId: newId(), incidentId, offers };
			expectOk(await control.command('job:offer', offer), 'offering the job on A');
			// A phone cannot take the timeout's command id first (and so silence the offer).
			for (const commandId of [`timeout-${jobId}`, `timeout:${jobId}`]) {
				await phone.command('marshal:set-status', { commandId, status: 'on-break' });
			}

			const timedOut = await control.waitForEvent(
				(e) => e.type === 'job:timed-out' && e.data.jobId === jobId,
				'the timeout on A',
				12_000
			);
			// A, B and this test's app each sweep once a second: give them all a few chances.
			await sleep(2500);
			const journal = await readJournal(app.store, eventId);
			const timeouts = journal.filter((e) => e.type === 'job:timed-out' && e.data.jobId === jobId);
			expect(timeouts).toHaveLength(1);
			expect(timeouts[0]).toMatchObject({ id: `timeout:${jobId}`, actor: { role: 'system' } });
			const job = control.state.jobs[jobId];
			expect(job.state).toBe('timed-out');
			expect(Date.parse(timedOut.at)).toBeGreaterThanOrEqual(Date.parse(job.respondBy));
			const escalation = { reason: 'timed-out', jobId, at: timedOut.at };
			expect(control.state.incidents[incidentId].escalation).toEqual(escalation);
			const runtime = await app.runtime(eventId);
			await runtime.waitFor(timedOut.seq);
			expect(runtime.state.incidents[incidentId].escalation).toEqual(escalation);
		}, 30_000);
	});
}
