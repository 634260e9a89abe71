/**
 * Privacy, proven on the wire: a visitor's browser connection records every payload the
 * server sends it during a busy night on two real server processes sharing one real Redis
 * (incidents reported and dispatched, other visitors' escorts requested, accepted, walked,
 * timed out and cancelled, marshals' positions flowing), and every payload is checked
 * against an explicit allow-list for the public. Its own escort arrives only as
 * `escort:status`: a name, a distance band and an estimate, never a position or metres.
 * A burst of requests from one device becomes one grouped entry for the control room
 * (public-payloads.refusals.ts). The allow-list is in public-payloads.allow-list.ts, the set-up
 * in support/two-processes.ts.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import { escortAlarms } from '$lib/client/escort-alarms';
import { photoDeletedCommandId } from '$lib/server/services/photo-retention';
import type { PublicEscort } from '$lib/shared/escort';
import type { LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import type { ServerProcess } from '../support/processes';
import { PUBLIC_MESSAGES } from './public-payloads.allow-list';
import { refusalBurstTest } from './public-payloads.refusals';
import { until, type TestClient } from './support/clients';
import { signInOrganiser } from './support/identities';
import { marshalOnShift, north, SCENE, sendPosition, sleep } from './support/presence';
import { latest, send, statuses } from './support/public-wire';
import { PUBLIC_TYPES } from '../support/public-types';
import { twoProcessEvent } from './support/two-processes';

const night = twoProcessEvent('public-payloads', {
	// The shortest allowed: one escort goes unanswered during the scenario.
	HAVEN_ESCORT_ACCEPT_SECONDS: '5'
});
const { eventId, clients, state, untilState, visitorOn } = night;

// The running app and processes, under the names the tests read.
let app: AppContainer;
let a: ServerProcess;
let b: ServerProcess;
beforeAll(() => void ({ app, a, b } = night.started));

const east = (from: LngLat, metres: number): LngLat => [
	from[0] + metres / (111_194.93 * Math.cos((from[1] * Math.PI) / 180)),
	from[1]
];

describe('what the public receives on a busy night', () => {
	it('is only ever allow-listed, and its own escort carries no position or distance', async () => {
		const control = await clients.connect(a.url, (await signInOrganiser(app, eventId)).auth(), {
			eventId
		});
		const phone = {
			aroha: (await marshalOnShift(app, clients.connect, a.url, eventId, 'marshal-aroha')).client,
			sione: (await marshalOnShift(app, clients.connect, b.url, eventId, 'marshal-sione')).client,
			priya: (await marshalOnShift(app, clients.connect, a.url, eventId, 'marshal-priya')).client
		};
		const me = await visitorOn(a);
		const other = await visitorOn(b);
		const third = await visitorOn(a);

		// Every position any marshal sends, to look for on the public wire afterwards.
		const sent: LngLat[] = [];
		const move = (c: TestClient, at: LngLat) => {
			sent.push(at);
			sendPosition(c, at);
		};
		move(phone.aroha, north(SCENE, 720.123));
		move(phone.sione, east(SCENE, 180.456));
		move(phone.priya, north(SCENE, -333.789));

		// Incidents, reported with a photo and dispatched.
		const incidentId = newId();
		const incidentWords = 'Man with a bottle following a couple down Cuba Street';
		const photoId = randomUUID();
		await app.store.putPhoto({
			id: photoId,
			eventId,
			marshalId: 'marshal-sione',
			contentType: 'image/jpeg',
			bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]),
			createdAt: new Date().toISOString()
		});
		await send(phone.sione, 'incident:report', {
			incidentId,
			category: 'hate-abuse',
			severity: 4,
			position: east(SCENE, 55.5),
			description: incidentWords,
			photoId
		});
		const jobId = newId();
		await send(control, 'job:offer', {
			incidentId,
			offers: [{ jobId, marshalId: 'marshal-priya' }]
		});
		await send(phone.priya, 'job:accept', { jobId });
		// Its photo deleted after the retention period, as every process's sweep records it.
		const photoDeleted = photoDeletedCommandId(photoId);
		await app.store.append({
			eventId,
			commandId: photoDeleted,
			expectedSeq: null,
			events: [
				{
					id: photoDeleted,
					type: 'incident:photo-deleted',
					at: new Date().toISOString(),
					actor: { role: 'system' },
					data: { incidentId, photoId }
				}
			]
		});

		// Another visitor's escort: requested on B, accepted, walked, arrived.
		const otherWords = 'Red scarf, sitting on the steps of the bank';
		const otherEscort = newId();
		await send(other.client, 'escort:request', {
			escortId: otherEscort,
			position: east(SCENE, 95.25),
			destination: 'Taxi rank on Courtenay Place',
			description: otherWords
		});
		await send(control, 'escort:offer', { escortId: otherEscort, marshalIds: ['marshal-sione'] });
		await send(phone.sione, 'escort:accept', { escortId: otherEscort });
		await send(phone.sione, 'escort:walking', { escortId: otherEscort });

		// My escort, on A: nobody near; the control room asks Aroha, 720 m away.
		const mine = newId();
		await send(me.client, 'escort:request', {
			escortId: mine,
			position: SCENE,
			destination: 'Home on Aro Street',
			description: 'Blue denim jacket'
		});
		await until(() => latest(me.client)?.state === 'requested', 'my request shown to me');
		await send(control, 'escort:offer', { escortId: mine, marshalIds: ['marshal-aroha'] });
		await send(phone.aroha, 'escort:accept', { escortId: mine });
		await until(
			() => latest(me.client)?.band === '500-1000',
			'the band of a marshal 720 m away',
			10_000
		);
		// A third visitor's request nobody takes: it times out, alarms and widens.
		const thirdEscort = newId();
		await send(third.client, 'escort:request', {
			escortId: thirdEscort,
			position: north(SCENE, 40.4),
			description: 'Alone by the fountain, grey hoodie'
		});

		// Aroha walks towards me; the band follows, recomputed on the server.
		await sleep(2100);
		move(phone.aroha, north(SCENE, 310.31));
		await until(() => latest(me.client)?.band === '250-500', 'the band at 310 m', 10_000);
		await sleep(2100);
		move(phone.aroha, north(SCENE, 60.06));
		move(phone.sione, east(SCENE, 120.12));
		await until(() => latest(me.client)?.band === 'under-250', 'the band at 60 m', 10_000);

		await untilState((s) => s.escorts[thirdEscort]?.alarm, 'the third request timing out');
		await until(
			() => escortAlarms(control.state).some((x) => x.kind === 'escort-unanswered'),
			'the control room alarmed',
			15_000
		);
		await send(third.client, 'escort:cancel', { escortId: thirdEscort });
		// Both processes' sweepers saw the deadline pass; the journal has the round once.
		const journal = await app.store.readSince(eventId, 0, 10_000);
		const rounds = journal.filter(
			(e) => e.type === 'escort:unanswered' && e.data.escortId === thirdEscort && e.data.round === 0
		);
		expect(rounds).toHaveLength(1);
		const timeouts = journal.filter((e) => e.id === `escort-timeout:${thirdEscort}:0`);
		expect(timeouts).toHaveLength(1);
		await send(phone.sione, 'escort:arrived', { escortId: otherEscort });
		await send(phone.priya, 'job:resolve', { jobId, outcome: 'Walked the couple to a taxi' });
		await send(phone.aroha, 'escort:walking', { escortId: mine });
		await until(() => latest(me.client)?.state === 'walking', 'walking shown to me');
		await send(phone.aroha, 'escort:arrived', { escortId: mine });
		await until(() => latest(me.client)?.state === 'arrived', 'arrival shown to me');
		const last = await send(control, 'zone:set-status', {
			zoneId: 'zone-cuba-quiet-space',
			status: 'full',
			verified: true
		});
		await me.client.waitForEvent((e) => e.seq === last.seq, 'the last public change');
		await sleep(500);

		/* Every payload against the allow-list. */
		const messages = me.client.wire.map((w) => JSON.parse(w) as [string, ...unknown[]]);
		expect(messages.length).toBeGreaterThan(5);
		for (const [name, ...args] of messages) {
			const schema = PUBLIC_MESSAGES[name];
			expect(schema, `the public received a "${name}" message`).toBeDefined();
			expect(args).toHaveLength(1);
			const parsed = schema.safeParse(args[0]);
			expect(parsed.success, `${name}: ${JSON.stringify(args[0]).slice(0, 300)}`).toBe(true);
			if (name === 'journal:batch') {
				for (const e of (args[0] as { events: { type: string }[] }).events) {
					expect(PUBLIC_TYPES as readonly string[]).toContain(e.type);
				}
			}
			if (name === 'escort:status') {
				const escort = (args[0] as { escort: PublicEscort | null }).escort;
				// Only ever its own request.
				if (escort) expect(escort.escortId).toBe(mine);
			}
		}

		/* Nothing of anyone else, no position of anyone, no distance in metres. */
		const wire = me.client.wire.join('\n');
		const server = await state();
		const secrets = [
			incidentId,
			incidentWords,
			photoId,
			otherEscort,
			otherWords,
			thirdEscort,
			'Alone by the fountain',
			'Taxi rank on Courtenay Place',
			server.escorts[otherEscort].codeWord ?? 'no code',
			server.escorts[thirdEscort].codeWord ?? 'no code',
			other.who.sessionId,
			third.who.sessionId,
			me.who.sessionId,
			...Object.keys(server.marshals),
			'Sione T.',
			'Priya S.',
			// My own pick-up is not echoed back either.
			...SCENE.map(String)
		];
		for (const secret of secrets) expect(wire, 'the public wire').not.toContain(secret);
		expect(wire).not.toContain('photo-deleted');
		for (const p of sent) for (const n of p) expect(wire).not.toContain(String(n));
		expect(wire).not.toMatch(/"(pickup|distance\w*|metres|marshalId|deviceId|offeredTo)"/);

		/* And what it should have had: its own escort, told honestly, band by band. */
		const seen = statuses(me.client);
		expect(new Set(seen.map((s) => s.state))).toEqual(
			new Set(['requested', 'accepted', 'walking', 'arrived'])
		);
		expect(seen.map((s) => s.band).filter(Boolean)).toEqual(
			expect.arrayContaining(['500-1000', '250-500', 'under-250'])
		);
		expect(seen.find((s) => s.state === 'accepted')).toMatchObject({
			marshalName: 'Aroha W.',
			codeWord: server.escorts[mine].codeWord
		});
		expect(latest(me.client)).toMatchObject({ state: 'arrived', band: null, eta: null });
		// The others learned nothing of mine either.
		expect(other.client.wire.join('\n')).not.toContain(mine);
		expect(other.client.wire.join('\n')).not.toContain(server.escorts[mine].codeWord);
	});

	refusalBurstTest(night);
});
