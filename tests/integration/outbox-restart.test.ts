/**
 * The marshal's outbox against a real server that goes away and comes back: commands made
 * while it is down wait on the phone (IndexedDB, here fake-indexeddb) and, once the same
 * server is back on the same data, each arrives exactly once and in order.
 */
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import { emptyState } from '$lib/shared/reducer';
import { connectLive, type LiveEvent } from '$lib/client/live.svelte';
import { Outbox } from '$lib/client/outbox/outbox';
import { until } from './support/clients';
import { joinMarshal } from './support/identities';
import { readJournal } from './support/journal';
import {
	havenEnv,
	startInProcessServer,
	tempDir,
	testApp,
	uniqueEventId,
	type InProcessServer
} from './support/servers';

const dir = tempDir('outbox-restart');
const eventId = uniqueEventId('outbox');
const env = havenEnv({ eventId, dataDir: dir.path });
const cleanups: (() => unknown)[] = [];

afterAll(async () => {
	for (const fn of cleanups.reverse()) await fn();
	dir.remove();
});

describe('outbox across a server restart', () => {
	it('delivers every command made while the server was down exactly once, in order', async () => {
		let server: InProcessServer = await startInProcessServer(env);
		const port = Number(new URL(server.url).port);
		cleanups.push(() => server.close());
		// A second container on the same SQLite file mints tickets and reads the journal, as
		// the page's ticket endpoint and the control room would.
		const helper = await testApp(env);
		cleanups.push(() => helper.close());
		const phone = await joinMarshal(helper, eventId, 'marshal-mei');

		const live: LiveEvent = connectLive({
			snapshot: emptyState(eventId),
			ticket: phone.ticket(),
			url: server.url,
			fetcher: async () => Response.json({ ticket: phone.ticket() })
		});
		cleanups.push(() => live.close());
		const outbox = await Outbox.open({
			dbName: `outbox-${eventId}`,
			send: (name, payload) => live.send(name, payload as never, 2_000)
		});
		cleanups.push(() => outbox.wipe());
		await until(() => live.connection === 'live', 'the phone connected');

		await server.close();
		await until(() => live.connection === 'offline', 'the phone noticed the server went away');

		await outbox.add('marshal:start-shift', {}, 'Start shift');
		const reports = [newId(), newId()];
		for (const [i, incidentId] of reports.entries()) {
			await outbox.add(
				'incident:report',
				{
					incidentId,
					category: 'welfare',
					severity: 2,
					position: [174.7787, -41.2922],
					description: `Report ${i} made with no server`
				},
				`Report ${i}`
			);
		}
		await outbox.flush();
		expect(outbox.items.map((i) => i.state)).toEqual(['queued', 'queued', 'queued']);

		server = await startInProcessServer(env, { port });
		outbox.startTimer(200);
		await until(
			() => outbox.items.every((i) => i.state === 'received'),
			'every outbox item received',
			15_000
		);
		outbox.stopTimer();

		const journal = await readJournal(helper.store, eventId);
		const reported = journal
			.filter((e) => e.type === 'incident:reported')
			.map((e) => (e.data as { incidentId: string }).incidentId);
		expect(reported.filter((id) => reports.includes(id))).toEqual(reports);
		const shifts = journal.filter(
			(e) =>
				e.type === 'marshal:shift-started' &&
				(e.data as { marshalId: string }).marshalId === 'marshal-mei'
		);
		expect(shifts).toHaveLength(1);
		expect(shifts[0]!.seq).toBeLessThan(
			journal.find(
				(e) =>
					e.type === 'incident:reported' &&
					(e.data as { incidentId: string }).incidentId === reports[0]
			)!.seq
		);
	}, 40_000);
});
