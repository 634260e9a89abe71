/**
 * Who may do what, and who may see what, end to end: every role against every command
 * in the catalog through real sockets, every journal event type against every audience
 * through the views, and a busy night through real sockets with the public listening.
 * Embedded store (SQLite in a temp dir), realtime attached in this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coarsen, type LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import {
	JOURNAL_EVENT_TYPES,
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import { ROLES, type Actor, type EventState, type Role } from '$lib/shared/model';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '$lib/shared/protocol';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import { viewEvent, type Audience } from '$lib/shared/views';
import { wellingtonDemo } from '$lib/server/demo/wellington';
import { clientPool, type TestClient } from './support/clients';
import { joinMarshal, publicVisitor, signInOrganiser, type Identity } from './support/identities';
import { expectOk } from './support/journal';
import {
	freshContext,
	missingFactories,
	validPayload,
	VALID_PAYLOADS,
	type PayloadContext
} from './support/payloads';
import {
	havenEnv,
	startInProcessServer,
	tempDir,
	uniqueEventId,
	type InProcessServer
} from './support/servers';

/** What the public may ever receive; everything about incidents, marshals and phones is not. */
const PUBLIC_ALLOWED: ReadonlySet<JournalEventType> = new Set([
	'event:configured',
	'route:set',
	'sector:set',
	'zone:set',
	'zone:status-set',
	'advisory:posted',
	'advisory:withdrawn'
]);
const NEVER_PUBLIC = /^(incident|marshal|device):/;

const eventId = uniqueEventId('authz');
const dir = tempDir('authz');
const clients = clientPool();
let server: InProcessServer;

beforeAll(async () => {
	server = await startInProcessServer(havenEnv({ eventId, dataDir: dir.path }));
});

afterAll(async () => {
	clients.closeAll();
	await server?.close();
	dir.remove();
});

const head = () => server.app.store.head(eventId);
const serverState = async () => (await server.app.runtime(eventId)).state;
const connect = (who: Identity) => clients.connect(server.url, who.auth(), { eventId });

describe('every role against every command', () => {
	let organiser: Identity;
	let marshal: Identity;
	const sockets = {} as Record<Role, TestClient>;

	beforeAll(async () => {
		organiser = await signInOrganiser(server.app, eventId);
		marshal = await joinMarshal(server.app, eventId, 'marshal-mei');
		sockets.organiser = await connect(organiser);
		sockets.marshal = await connect(marshal);
		sockets.public = await connect(publicVisitor(server.app, eventId));
	});

	/** Runs a set-up command through the same service the sockets use. */
	const run = async (actor: Identity, name: CommandName, ctx: PayloadContext) =>
		expectOk(
			await server.app.execute(actor.actor, name, validPayload(name, ctx)),
			`set-up ${name}`
		);
	const marshalStatus = async () => (await serverState()).marshals['marshal-mei'].status;

	/** What must exist (or be true) before each command's valid payload can succeed. */
	const PREREQUISITES: Partial<Record<CommandName, (ctx: PayloadContext) => Promise<void>>> = {
		'marshal:start-shift': async (ctx) => {
			if ((await marshalStatus()) !== 'off-shift') await run(marshal, 'marshal:end-shift', ctx);
		},
		'marshal:end-shift': async (ctx) => {
			if ((await marshalStatus()) === 'off-shift') await run(marshal, 'marshal:start-shift', ctx);
		},
		'marshal:set-status': async (ctx) => {
			if ((await marshalStatus()) === 'off-shift') await run(marshal, 'marshal:start-shift', ctx);
		},
		'incident:transition': async (ctx) => void (await run(marshal, 'incident:report', ctx)),
		'advisory:withdraw': async (ctx) => void (await run(organiser, 'advisory:post', ctx)),
		'device:revoke': async (ctx) => {
			ctx.deviceId = (await joinMarshal(server.app, eventId, 'marshal-sam')).sessionId;
		}
	};

	/** A payload that the command's own role may send successfully right now. */
	async function validNow(name: CommandName): Promise<Record<string, unknown>> {
		const ctx = freshContext();
		await PREREQUISITES[name]?.(ctx);
		return validPayload(name, ctx);
	}

	it('has a valid payload factory for every command in the catalog, and no other', () => {
		expect(missingFactories()).toEqual([]);
		expect(Object.keys(VALID_PAYLOADS).sort()).toEqual([...COMMAND_NAMES].sort());
		for (const name of COMMAND_NAMES) {
			const parsed = COMMANDS[name].payload.safeParse(validPayload(name, freshContext()));
			expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
		}
	});

	it.each(COMMAND_NAMES)('%s: its roles succeed, every other role is forbidden', async (name) => {
		const allowed = COMMANDS[name].roles as readonly Role[];
		expect(allowed.length).toBeGreaterThan(0);
		const payload = await validNow(name);

		for (const role of ROLES.filter((r) => !allowed.includes(r))) {
			const before = await head();
			const ack = await sockets[role].command(name, payload);
			expect(ack, `${role} sending ${name}`).toEqual({
				ok: false,
				code: 'forbidden',
				message: expect.any(String)
			});
			expect(await head(), `${role} sending ${name} moved the journal`).toBe(before);
		}
		for (const role of allowed) {
			// Fresh each time, so a second allowed role is not answered from the first's result.
			const mine = role === allowed[0] ? payload : await validNow(name);
			const before = await head();
			const ack = await sockets[role].command(name, mine);
			expect(ack, `${role} sending ${name}`).toEqual({ ok: true, seq: expect.any(Number) });
			expect(ack.ok && ack.seq).toBeGreaterThan(before);
			expect(await head()).toBe(ack.ok && ack.seq);
		}
	});
});

describe('every journal event type against every audience', () => {
	const ORGANISER: Actor = { role: 'organiser', id: 'organiser-secret-id' };
	const by = (id: string): Actor => ({ role: 'marshal', id });
	const INCIDENT_AT: LngLat = [174.776137, -41.291561]; // in the Cuba sector
	const RING: LngLat[] = [
		[174.79, -41.28],
		[174.8, -41.28],
		[174.8, -41.29],
		[174.79, -41.28]
	];

	/** One sample per type: Aroha's own facts, Sione's report in their shared Cuba sector. */
	const SAMPLES: { [T in JournalEventType]: { actor: Actor; data: JournalData<T> } } = {
		'event:configured': {
			actor: ORGANISER,
			data: { name: 'Pride', timezone: 'Pacific/Auckland', center: [174.78, -41.29], zoom: 15 }
		},
		'route:set': { actor: ORGANISER, data: { coordinates: RING.slice(0, 2) } },
		'sector:set': { actor: ORGANISER, data: { sectorId: 'sector-new', name: 'New', ring: RING } },
		'zone:set': {
			actor: ORGANISER,
			data: {
				zoneId: 'zone-new',
				name: 'New tent',
				kind: 'welfare-tent',
				position: [174.779, -41.292],
				hours: [{ from: '18:00', to: '02:00' }]
			}
		},
		'zone:status-set': {
			actor: ORGANISER,
			data: { zoneId: 'zone-te-aro-first-aid', status: 'full', verified: true }
		},
		'marshal:added': {
			actor: ORGANISER,
			data: { marshalId: 'marshal-aroha', displayName: 'Aroha W.', sectorId: 'sector-cuba' }
		},
		'device:enrolled': {
			actor: by('marshal-aroha'),
			data: { deviceId: 'device-aroha', marshalId: 'marshal-aroha' }
		},
		'device:revoked': {
			actor: ORGANISER,
			data: { deviceId: 'device-aroha', marshalId: 'marshal-aroha' }
		},
		'marshal:shift-started': { actor: by('marshal-aroha'), data: { marshalId: 'marshal-aroha' } },
		'marshal:shift-ended': { actor: by('marshal-aroha'), data: { marshalId: 'marshal-aroha' } },
		'marshal:status-set': {
			actor: by('marshal-aroha'),
			data: { marshalId: 'marshal-aroha', status: 'on-break' }
		},
		'incident:reported': {
			actor: by('marshal-sione'),
			data: {
				incidentId: 'incident-1',
				category: 'hate-abuse',
				severity: 3,
				position: INCIDENT_AT,
				description: 'Two men shouting slurs at a couple',
				onBehalf: false,
				sectorId: 'sector-cuba'
			}
		},
		'incident:state-changed': {
			actor: ORGANISER,
			data: { incidentId: 'incident-1', from: 'reported', to: 'acknowledged', reason: 'On it' }
		},
		'advisory:posted': {
			actor: ORGANISER,
			data: {
				advisoryId: 'advisory-1',
				audience: 'marshals',
				sectorId: 'sector-cuba',
				text: 'Cuba marshals: police on the way to the fountain',
				expiresAt: '2030-01-01T00:00:00.000Z'
			}
		},
		'advisory:withdrawn': { actor: ORGANISER, data: { advisoryId: 'advisory-1' } }
	};

	const AUDIENCES = {
		organiser: { role: 'organiser' },
		/** The sample's own marshal, in the incident's sector. */
		aroha: { role: 'marshal', marshalId: 'marshal-aroha' },
		/** A marshal in another sector. */
		priya: { role: 'marshal', marshalId: 'marshal-priya' },
		public: { role: 'public', sessionId: 'pub-viewer' }
	} satisfies Record<string, Audience>;
	type Who = keyof typeof AUDIENCES;
	const ALL: Record<Who, boolean> = { organiser: true, aroha: true, priya: true, public: true };
	const OWN: Record<Who, boolean> = { organiser: true, aroha: true, priya: false, public: false };

	/** Who receives each sample at all. */
	const VISIBLE: Record<JournalEventType, Record<Who, boolean>> = {
		'event:configured': ALL,
		'route:set': ALL,
		'sector:set': ALL,
		'zone:set': ALL,
		'zone:status-set': ALL,
		'marshal:added': OWN,
		'device:enrolled': OWN,
		'device:revoked': OWN,
		'marshal:shift-started': OWN,
		'marshal:shift-ended': OWN,
		'marshal:status-set': OWN,
		'incident:reported': OWN,
		'incident:state-changed': OWN,
		'advisory:posted': OWN,
		// A withdrawal reaches exactly those the advisory reached (here: Cuba's marshals).
		'advisory:withdrawn': OWN
	};

	/** The seeded demo plus Sione's report, so incident-1 exists for the state change. */
	function base(): EventState {
		const seed = wellingtonDemo(eventId, '2030-01-01T00:00:00.000Z').events;
		const numbered = seed.map((e, i) => ({ ...e, seq: i + 1 }) as JournalEvent);
		return applyAll(emptyState(eventId), numbered);
	}
	const at = '2030-01-01T01:00:00.000Z';
	const sample = (type: JournalEventType, seq: number) =>
		({ seq, id: `sample-${type}`, type, at, ...SAMPLES[type] }) as JournalEvent;

	it('has a sample and an expectation for every journal event type', () => {
		const table = SAMPLES as Partial<Record<string, unknown>>;
		expect(JOURNAL_EVENT_TYPES.filter((t) => !table[t] || !VISIBLE[t])).toEqual([]);
		for (const t of JOURNAL_EVENT_TYPES) {
			expect(JournalEventSchema.safeParse(sample(t, 1)).success, t).toBe(true);
		}
	});

	it.each(JOURNAL_EVENT_TYPES)('%s reaches exactly the audiences allowed to see it', (type) => {
		let state = base();
		const report = sample('incident:reported', state.seq + 1);
		state = apply(state, report);
		if (type === 'advisory:withdrawn')
			state = apply(state, sample('advisory:posted', state.seq + 1));
		const event = type === 'incident:reported' ? report : sample(type, state.seq + 1);
		const after = apply(state, event);

		for (const [who, audience] of Object.entries(AUDIENCES) as [Who, Audience][]) {
			const view = viewEvent(audience, event, after);
			expect(view !== null, `${who} seeing ${type}`).toBe(VISIBLE[type][who]);
			if (!view) continue;
			if (who === 'organiser') {
				expect(view).toEqual(event);
				continue;
			}
			expect(JournalEventSchema.safeParse(view).success).toBe(true);
			// Outside the control room an actor is a role, never an organiser or device id.
			expect(view.actor).toEqual({ role: event.actor.role });
			if (who === 'public') {
				expect(PUBLIC_ALLOWED.has(type)).toBe(true);
				expect(type).not.toMatch(NEVER_PUBLIC);
			}
		}
		// Someone else's report reaches a sector colleague without its words or exact spot.
		if (type === 'incident:reported') {
			const view = viewEvent(AUDIENCES.aroha, event, after) as Extract<
				JournalEvent,
				{ type: 'incident:reported' }
			>;
			expect(view.data).not.toHaveProperty('description');
			expect(view.data.position).toEqual(coarsen(INCIDENT_AT));
			expect(view.data.position).not.toEqual(INCIDENT_AT);
		}
	});

	it('gives a public advisory to the public and to every marshal', () => {
		const state = base();
		const posted = {
			...sample('advisory:posted', state.seq + 1),
			data: { ...SAMPLES['advisory:posted'].data, audience: 'public', sectorId: null }
		} as JournalEvent;
		const after = apply(state, posted);
		for (const audience of Object.values(AUDIENCES)) {
			expect(viewEvent(audience, posted, after)).not.toBeNull();
		}
	});
});

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
		everyone: 'Cuba Street is very busy: please use Victoria Street instead'
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

		// Only journal deliveries, only allowed types, only role-level actors.
		expect(new Set(visitor.wire.map((w) => (JSON.parse(w) as [string])[0]))).toEqual(
			new Set(['journal:batch'])
		);
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
	});
});
