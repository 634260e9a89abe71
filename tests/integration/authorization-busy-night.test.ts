/**
 * A busy night through real sockets, with the public listening: reports, dispatch, advisories,
 * zone changes and the control room's own record, then what each wire carried. The public
 * gets only public facts and nothing that names a person, an incident or a place; marshals
 * get their own reports in full and a sector colleague's coarsely; a job's words reach only
 * its marshal. One long test on purpose: the leaks it looks for only show on a wire that
 * has seen the whole night. Embedded store (SQLite in a temp dir), realtime attached in this
 * process.
 */
import { describe, expect, it } from 'vitest';
import { coarsen, type LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import { JournalEventSchema } from '$lib/shared/journal';
import type { CommandName } from '$lib/shared/protocol';
import type { TestClient } from './support/clients';
import { fileServer } from './support/file-server';
import { joinMarshal, publicVisitor, signInOrganiser } from './support/identities';
import { expectOk } from './support/journal';
import { NEVER_PUBLIC, PUBLIC_ALLOWED } from '../support/public-types';

const { eventId, server, serverState, connect } = fileServer('authz-night');

describe('a busy night, with the public listening', () => {
	/** Precise positions with six decimals, recognisable if they leak. */
	const SPOT = {
		aroha: [174.776137, -41.291561] as LngLat, // Cuba
		sione: [174.775923, -41.293318] as LngLat, // Cuba
		priya: [174.780713, -41.293487] as LngLat // Courtenay
	};
	const WORDS = {
		aroha: 'Man in a red jacket shouting homophobic abuse at the queue',
		sione: 'Young person collapsed outside the dumpling shop, breathing',
		sioneNoPosition: 'Lost child, about eight, near the big bucket fountain',
		priya: 'Bottle thrown at the float from the balcony of the pub',
		reason: 'Police unit 4 attending, suspect detained',
		marshalsOnly: 'Marshals: plain-clothes police are now at Cuba and Dixon',
		everyone: 'Cuba Street is very busy: please use Victoria Street instead',
		note: 'The couple are Sam and Alex, staying on Abel Smith Street',
		police: 'Officer 4521 said no units free to walk them home',
		decline: 'I know the men involved, send someone else',
		outcome: 'Walked Sam and Alex to their door, no further trouble'
	};

	it('sends the public only public facts, and nothing that identifies a person or an incident', async () => {
		const { app } = server;
		const organiser = await signInOrganiser(app, eventId);
		const aroha = await joinMarshal(app, eventId, 'marshal-aroha');
		const sione = await joinMarshal(app, eventId, 'marshal-sione');
		const priya = await joinMarshal(app, eventId, 'marshal-priya');
		const tama = await joinMarshal(app, eventId, 'marshal-tama');
		const control = await connect(organiser);
		const phones = {
			aroha: await connect(aroha),
			sione: await connect(sione),
			priya: await connect(priya)
		};
		const visitor = await connect(publicVisitor(app, eventId));

		const ok = async (client: TestClient, name: CommandName, payload: object) =>
			expectOk(await client.command(name, { commandId: newId(), ...payload }), name);
		const incidents = { aroha: newId(), sione: newId(), sioneNoPosition: newId(), priya: newId() };
		const advisories = { everyone: newId(), marshalsOnly: newId() };
		const report = (key: keyof typeof SPOT) => ({
			incidentId: incidents[key],
			category: 'hate-abuse',
			severity: 3,
			position: SPOT[key],
			description: WORDS[key]
		});

		// The night, as it happens.
		for (const phone of Object.values(phones)) await ok(phone, 'marshal:start-shift', {});
		await ok(phones.aroha, 'incident:report', report('aroha'));
		await ok(phones.sione, 'incident:report', { ...report('sione'), category: 'medical' });
		await ok(phones.sione, 'incident:report', {
			incidentId: incidents.sioneNoPosition,
			category: 'welfare',
			severity: 2,
			description: WORDS.sioneNoPosition,
			onBehalf: true
		});
		await ok(phones.priya, 'incident:report', { ...report('priya'), category: 'disorder' });
		await ok(control, 'incident:transition', { incidentId: incidents.aroha, to: 'dispatched' });
		await ok(control, 'incident:transition', {
			incidentId: incidents.priya,
			to: 'resolved',
			reason: WORDS.reason
		});
		await ok(control, 'advisory:post', {
			advisoryId: advisories.everyone,
			audience: 'public',
			text: WORDS.everyone,
			expiresInMinutes: 60
		});
		await ok(control, 'advisory:post', {
			advisoryId: advisories.marshalsOnly,
			audience: 'marshals',
			sectorId: 'sector-cuba',
			text: WORDS.marshalsOnly,
			expiresInMinutes: 60
		});
		await ok(control, 'zone:set-status', {
			zoneId: 'zone-cuba-quiet-space',
			status: 'full',
			verified: true
		});
		await ok(phones.aroha, 'marshal:set-status', { status: 'on-break' });
		await ok(phones.priya, 'marshal:end-shift', {});
		await ok(control, 'device:revoke', { deviceId: tama.sessionId });
		await ok(control, 'advisory:withdraw', { advisoryId: advisories.everyone });
		// The control room records Aroha's report and sends Sione there: he declines, then takes it.
		const onAroha = { incidentId: incidents.aroha };
		await ok(control, 'incident:note', { ...onAroha, noteId: newId(), text: WORDS.note });
		await ok(control, 'incident:police', {
			...onAroha,
			entryId: newId(),
			kind: 'declined-escort',
			reason: WORDS.police
		});
		await ok(control, 'incident:link', { ...onAroha, otherId: incidents.sione });
		const jobs = { first: newId(), second: newId() };
		const offer = (jobId: string) => ({
			...onAroha,
			offers: [{ jobId, marshalId: 'marshal-sione' }]
		});
		await ok(control, 'job:offer', offer(jobs.first));
		await ok(phones.sione, 'job:decline', { jobId: jobs.first, reason: WORDS.decline });
		await ok(control, 'incident:acknowledge-escalation', onAroha);
		await ok(control, 'job:offer', offer(jobs.second));
		await ok(phones.sione, 'job:accept', { jobId: jobs.second });
		await ok(phones.sione, 'job:on-scene', { jobId: jobs.second });
		await ok(phones.sione, 'job:resolve', { jobId: jobs.second, outcome: WORDS.outcome });
		const last = await ok(control, 'zone:set-status', {
			zoneId: 'zone-courtenay-welfare',
			status: 'closed',
			verified: false
		});
		for (const c of [visitor, control, ...Object.values(phones)]) {
			await c.waitForEvent((e) => e.seq === last.seq, 'the last zone change');
		}

		const state = await serverState();
		const publicWire = visitor.wire.join('\n');

		// Only journal deliveries and (this visitor asked for no escort) an empty escort status;
		// only allowed types, only role-level actors. tests/integration/public-payloads.test.ts
		// checks a visitor with an escort of their own among many others.
		const messages = visitor.wire.map((w) => JSON.parse(w) as [string, ...unknown[]]);
		expect(new Set(messages.map(([name]) => name))).toEqual(
			new Set(['journal:batch', 'escort:status'])
		);
		for (const [name, ...args] of messages) {
			if (name === 'escort:status') expect(args).toEqual([{ escort: null }]);
		}
		for (const e of visitor.events) {
			expect(PUBLIC_ALLOWED.has(e.type), `public received ${e.type}`).toBe(true);
			expect(e.type).not.toMatch(NEVER_PUBLIC);
			expect(e.actor).toEqual({ role: e.actor.role });
			expect(JournalEventSchema.safeParse(e).success).toBe(true);
		}

		// Nothing that names a person, an incident or where it happened.
		const secrets = [
			...Object.values(WORDS).filter((w) => w !== WORDS.everyone),
			...Object.values(incidents),
			advisories.marshalsOnly,
			...Object.keys(state.marshals),
			...Object.values(state.marshals).map((m) => m.displayName),
			...[aroha, sione, priya, tama].map((m) => m.sessionId),
			organiser.sessionId,
			organiser.subjectId ?? 'no organiser id',
			...Object.values(SPOT).flatMap((p) => [...p, ...coarsen(p)].map((n) => JSON.stringify(n)))
		];
		for (const secret of secrets) expect(publicWire, 'the public wire').not.toContain(secret);

		// And it did get what it should, folded to the same public picture as the server's.
		expect(publicWire).toContain(WORDS.everyone);
		expect(visitor.events.map((e) => e.type)).toContain('advisory:withdrawn');
		expect(visitor.state.zones).toEqual(state.zones);
		expect(visitor.state.incidents).toEqual({});
		expect(visitor.state.marshals).toEqual({});

		// Marshals see their own reports in full, a sector colleague's coarsely, other sectors not.
		const arohaWire = phones.aroha.wire.join('\n');
		expect(arohaWire).toContain(WORDS.aroha);
		expect(arohaWire).toContain(WORDS.marshalsOnly);
		for (const leak of [WORDS.sione, WORDS.sioneNoPosition, WORDS.priya, incidents.priya]) {
			expect(arohaWire).not.toContain(leak);
		}
		for (const n of [...SPOT.sione, ...SPOT.priya]) expect(arohaWire).not.toContain(String(n));
		expect(phones.aroha.state.incidents[incidents.sione].position).toEqual(coarsen(SPOT.sione));
		const priyaWire = phones.priya.wire.join('\n');
		for (const leak of [WORDS.aroha, WORDS.sione, WORDS.marshalsOnly, incidents.aroha]) {
			expect(priyaWire).not.toContain(leak);
		}

		// The control room's record reaches no phone; a job's words reach only its marshal.
		const record = [WORDS.note, WORDS.police];
		for (const leak of [...record, WORDS.decline, WORDS.outcome, jobs.first, jobs.second]) {
			expect(arohaWire, 'the reporter, with no job').not.toContain(leak);
			expect(priyaWire).not.toContain(leak);
		}
		const sioneWire = phones.sione.wire.join('\n');
		for (const leak of record) expect(sioneWire).not.toContain(leak);
		expect(sioneWire).toContain(WORDS.decline);
		expect(sioneWire).toContain(WORDS.outcome);
		// His offer brought him the exact spot and the words of a report he held only coarsely.
		expect(phones.sione.state.incidents[incidents.aroha]).toMatchObject({
			position: SPOT.aroha,
			description: WORDS.aroha,
			state: 'resolved'
		});
		expect(phones.aroha.state.incidents[incidents.aroha].state).toBe('resolved');
		expect(phones.aroha.state.jobs).toEqual({});
		expect(state.incidents[incidents.aroha]).toMatchObject({
			links: [incidents.sione],
			escalation: null,
			notes: [expect.objectContaining({ text: WORDS.note })],
			police: [expect.objectContaining({ reason: WORDS.police })]
		});
	});
});
