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
import { viewEvent, viewState, type Audience } from '$lib/shared/views';
import { wellingtonDemo } from '$lib/server/demo/wellington';
import { EscortSweeper } from '$lib/server/services/escort-sweeper';
import { EscortGuard } from '$lib/server/realtime/escort-guard';
import { createLimiter } from '$lib/server/security/rate-limits';
import { isOpenEscort } from '$lib/shared/escort';
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
	let visitor: Identity;
	const sockets = {} as Record<Role, TestClient>;

	beforeAll(async () => {
		organiser = await signInOrganiser(server.app, eventId);
		marshal = await joinMarshal(server.app, eventId, 'marshal-mei');
		sockets.organiser = await connect(organiser);
		sockets.marshal = await connect(marshal);
		visitor = publicVisitor(server.app, eventId);
		sockets.public = await connect(visitor);
		// Refusals go through other sessions of each role, taken in turn: with one session per
		// role, the per-session rate limit (30 in 10 s) would answer before the role check.
		for (let i = 0; i < STRANGERS; i++) {
			strangers.organiser.push(await connect(await signInOrganiser(server.app, eventId)));
			strangers.marshal.push(await connect(await joinMarshal(server.app, eventId, 'marshal-mei')));
			strangers.public.push(await connect(publicVisitor(server.app, eventId)));
		}
	});

	const STRANGERS = 3;
	const strangers: Record<Role, TestClient[]> = { organiser: [], marshal: [], public: [] };
	let turn = 0;
	const nextStranger = (role: Role) => strangers[role][turn++ % STRANGERS];

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
			await freeFromJobs(ctx);
			await onShift(ctx);
		},
		'incident:transition': report,
		'advisory:withdraw': async (ctx) => void (await run(organiser, 'advisory:post', ctx)),
		'device:revoke': async (ctx) => {
			ctx.deviceId = (await joinMarshal(server.app, eventId, 'marshal-sam')).sessionId;
		},
		'incident:note': report,
		'incident:link': async (ctx) => {
			await report(ctx);
			await run(marshal, 'incident:report', { ...ctx, incidentId: ctx.otherIncidentId });
		},
		'incident:police': report,
		'incident:acknowledge-escalation': async (ctx) => {
			await offered(ctx);
			await run(marshal, 'job:decline', ctx);
		},
		'job:offer': async (ctx) => {
			await report(ctx);
			await onShift(ctx);
		},
		'job:accept': offered,
		'job:decline': offered,
		'job:on-scene': offered,
		'job:resolve': async (ctx) => {
			await offered(ctx);
			await run(marshal, 'job:accept', ctx);
		},
		'job:withdraw': offered,
		'hazard:clear': async (ctx) => void (await run(organiser, 'hazard:mark', ctx)),
		'advisory:receive': async (ctx) => {
			const post = { ...validPayload('advisory:post', ctx), audience: 'marshals' };
			expectOk(await server.app.execute(organiser.actor, 'advisory:post', post), 'set-up post');
		},
		'escort:request': closeVisitorEscorts,
		'escort:cancel': requested,
		'escort:accept': escortOffered,
		'escort:decline': escortOffered,
		'escort:walking': escortAccepted,
		'escort:arrived': escortAccepted,
		'escort:offer': async (ctx) => {
			await requested(ctx);
			await onShift(ctx);
		},
		'escort:acknowledge-alarm': async (ctx) => {
			await requested(ctx);
			// As the server's sweeper does once the deadline has passed unanswered.
			const runtime = await server.app.runtime(eventId);
			await new EscortSweeper({
				runtime,
				store: server.app.store,
				positions: async () => [],
				acceptSeconds: 60,
				now: () => new Date(Date.now() + 3600_000)
			}).sweep();
			await runtime.waitFor(await head());
		},
		'escort:acknowledge-refusals': async (ctx) => {
			// A device over a one-request budget: its refusal opens a grouped entry.
			const guard = new EscortGuard(server.app, {
				perDevice: createLimiter(`matrix-${newId()}`, { points: 1, durationSeconds: 60 }),
				perIp: createLimiter(`matrix-ip-${newId()}`, { points: 100, durationSeconds: 60 })
			});
			const device = `pub-${newId()}`;
			await guard.admit(eventId, device, '192.0.2.1');
			expect(await guard.admit(eventId, device, '192.0.2.1')).toBe(false);
			const group = await waitForState((s) =>
				Object.values(s.escortRefusals).find((g) => !g.acknowledged)
			);
			ctx.groupId = group.id;
			guard.close();
		}
	};

	async function waitForState<T>(probe: (s: EventState) => T | undefined): Promise<T> {
		for (let i = 0; i < 200; i++) {
			const found = probe(await serverState());
			if (found) return found;
			await new Promise((r) => setTimeout(r, 10));
		}
		throw new Error('the state never showed what the test waited for');
	}

	/** The visitor may hold one open request at a time: the control room closes theirs. */
	async function closeVisitorEscorts(ctx: PayloadContext) {
		const open = Object.values((await serverState()).escorts).filter(
			(e) => e.deviceId === visitor.sessionId && isOpenEscort(e)
		);
		for (const e of open) await run(organiser, 'escort:cancel', { ...ctx, escortId: e.id });
	}
	/** A fresh request of the visitor under test. */
	async function requested(ctx: PayloadContext) {
		await closeVisitorEscorts(ctx);
		await run(visitor, 'escort:request', ctx);
	}
	/** A request offered (also) to the marshal under test. */
	async function escortOffered(ctx: PayloadContext) {
		await requested(ctx);
		await freeFromJobs(ctx);
		await onShift(ctx);
		await run(organiser, 'escort:offer', ctx);
	}
	async function escortAccepted(ctx: PayloadContext) {
		await escortOffered(ctx);
		await run(marshal, 'escort:accept', ctx);
	}

	async function report(ctx: PayloadContext) {
		await run(marshal, 'incident:report', ctx);
	}
	async function onShift(ctx: PayloadContext) {
		if ((await marshalStatus()) === 'off-shift') await run(marshal, 'marshal:start-shift', ctx);
	}
	/** An incident, and a job on it offered to the marshal under test. */
	async function offered(ctx: PayloadContext) {
		await report(ctx);
		await onShift(ctx);
		await run(organiser, 'job:offer', ctx);
	}
	/** Hands back every job the marshal holds, so their status is theirs to set again. */
	async function freeFromJobs(ctx: PayloadContext) {
		const jobs = Object.values((await serverState()).jobs).filter(
			(j) => j.marshalId === 'marshal-mei' && ['accepted', 'on-scene'].includes(j.state)
		);
		for (const j of jobs) await run(organiser, 'job:withdraw', { ...ctx, jobId: j.id });
		const escorts = Object.values((await serverState()).escorts).filter(
			(e) => e.marshalId === 'marshal-mei' && isOpenEscort(e)
		);
		for (const e of escorts) await run(organiser, 'escort:cancel', { ...ctx, escortId: e.id });
	}

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
			const ack = await nextStranger(role).command(name, payload);
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
	const INCIDENT_WORDS = 'Two men shouting slurs at a couple';
	const INCIDENT_PHOTO = '5b0c6f1e-2d4a-4c8e-9f3b-7a1d2e3f4a5b';
	const ESCORT_AT: LngLat = [174.776511, -41.292002];
	const ESCORT_WORDS = 'Two of us, green jacket, outside the takeaway';
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
				description: INCIDENT_WORDS,
				onBehalf: false,
				sectorId: 'sector-cuba',
				photoId: INCIDENT_PHOTO
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
		'advisory:withdrawn': { actor: ORGANISER, data: { advisoryId: 'advisory-1' } },
		'incident:noted': {
			actor: ORGANISER,
			data: { incidentId: 'incident-1', noteId: 'note-1', text: 'Victim wants a walk home' }
		},
		'incident:linked': {
			actor: ORGANISER,
			data: { incidentId: 'incident-1', otherId: 'incident-2' }
		},
		'incident:police-logged': {
			actor: ORGANISER,
			data: {
				incidentId: 'incident-1',
				entryId: 'police-1',
				kind: 'declined-escort',
				occurredAt: '2030-01-01T00:50:00.000Z',
				reason: 'No units free'
			}
		},
		'incident:escalation-acknowledged': { actor: ORGANISER, data: { incidentId: 'incident-1' } },
		'incident:photo-deleted': {
			actor: { role: 'system' },
			data: { incidentId: 'incident-1', photoId: INCIDENT_PHOTO }
		},
		'job:offered': {
			actor: ORGANISER,
			data: {
				jobId: 'job-1',
				incidentId: 'incident-1',
				marshalId: 'marshal-aroha',
				respondBy: '2030-01-01T01:01:00.000Z',
				brief: {
					category: 'hate-abuse',
					severity: 3,
					reportedAt: '2030-01-01T01:00:00.000Z',
					sectorId: 'sector-cuba',
					position: INCIDENT_AT,
					description: INCIDENT_WORDS
				}
			}
		},
		'job:accepted': { actor: by('marshal-aroha'), data: { jobId: 'job-1' } },
		'job:declined': { actor: by('marshal-aroha'), data: { jobId: 'job-1', reason: 'On a break' } },
		'job:timed-out': { actor: { role: 'system' }, data: { jobId: 'job-1' } },
		'job:on-scene': { actor: by('marshal-aroha'), data: { jobId: 'job-1' } },
		'job:resolved': {
			actor: by('marshal-aroha'),
			data: { jobId: 'job-1', outcome: 'Walked home' }
		},
		'job:withdrawn': { actor: ORGANISER, data: { jobId: 'job-1', reason: 'Police took over' } },
		'hazard:marked': {
			actor: ORGANISER,
			data: {
				hazardId: 'hazard-1',
				position: INCIDENT_AT,
				radiusMetres: 150,
				text: 'Group shouting at people leaving the bar',
				expiresAt: '2030-01-01T02:00:00.000Z'
			}
		},
		'hazard:cleared': { actor: ORGANISER, data: { hazardId: 'hazard-1' } },
		'advisory:received': {
			actor: by('marshal-aroha'),
			data: { advisoryId: 'advisory-1', marshalId: 'marshal-aroha' }
		},
		'escort:requested': {
			actor: { role: 'public' },
			data: {
				escortId: 'escort-1',
				deviceId: 'pub-viewer',
				pickup: ESCORT_AT,
				destination: 'Home on Aro Street',
				description: ESCORT_WORDS,
				codeWord: 'cedar heron'
			}
		},
		'escort:offered': {
			actor: ORGANISER,
			data: {
				escortId: 'escort-1',
				marshalIds: ['marshal-aroha', 'marshal-sione'],
				round: 0,
				respondBy: '2030-01-01T01:01:00.000Z',
				brief: {
					pickup: ESCORT_AT,
					description: ESCORT_WORDS,
					requestedAt: '2030-01-01T01:00:00.000Z'
				}
			}
		},
		'escort:unanswered': { actor: { role: 'system' }, data: { escortId: 'escort-1', round: 0 } },
		'escort:accepted': {
			actor: by('marshal-aroha'),
			data: { escortId: 'escort-1', marshalId: 'marshal-aroha', codeWord: 'cedar heron' }
		},
		'escort:declined': {
			actor: by('marshal-aroha'),
			data: { escortId: 'escort-1', marshalId: 'marshal-aroha', reason: 'On a break' }
		},
		'escort:walking': { actor: by('marshal-aroha'), data: { escortId: 'escort-1' } },
		'escort:arrived': { actor: by('marshal-aroha'), data: { escortId: 'escort-1' } },
		'escort:cancelled': {
			actor: ORGANISER,
			data: { escortId: 'escort-1', by: 'control', reason: 'Visitor called: got a taxi' }
		},
		'escort:alarm-acknowledged': { actor: ORGANISER, data: { escortId: 'escort-1' } },
		'escort:positions-deleted': { actor: { role: 'system' }, data: { escortId: 'escort-1' } },
		'escort:requests-refused': {
			actor: { role: 'system' },
			data: {
				groupId: 'refused-1',
				source: 'device',
				count: 40,
				since: '2030-01-01T00:55:00.000Z'
			}
		},
		'escort:refusals-acknowledged': { actor: ORGANISER, data: { groupId: 'refused-1' } }
	};

	/** What must have happened before each sample can apply. */
	const PRIOR: Partial<Record<JournalEventType, JournalEventType[]>> = {
		'advisory:withdrawn': ['advisory:posted'],
		'incident:escalation-acknowledged': ['job:offered', 'job:declined'],
		'job:accepted': ['job:offered'],
		'job:declined': ['job:offered'],
		'job:timed-out': ['job:offered'],
		'job:on-scene': ['job:offered'],
		'job:resolved': ['job:offered', 'job:accepted'],
		'job:withdrawn': ['job:offered'],
		'hazard:cleared': ['hazard:marked'],
		'advisory:received': ['advisory:posted'],
		'escort:offered': ['escort:requested'],
		'escort:unanswered': ['escort:requested', 'escort:offered'],
		'escort:accepted': ['escort:requested', 'escort:offered'],
		'escort:declined': ['escort:requested', 'escort:offered'],
		'escort:walking': ['escort:requested', 'escort:offered', 'escort:accepted'],
		'escort:arrived': ['escort:requested', 'escort:offered', 'escort:accepted'],
		'escort:cancelled': ['escort:requested', 'escort:offered'],
		'escort:alarm-acknowledged': ['escort:requested', 'escort:offered', 'escort:unanswered'],
		'escort:positions-deleted': ['escort:requested', 'escort:offered', 'escort:cancelled'],
		'escort:refusals-acknowledged': ['escort:requests-refused']
	};
	/** The organiser's own words-only report, for links. */
	const SECOND_REPORT = {
		actor: ORGANISER,
		data: {
			incidentId: 'incident-2',
			category: 'disorder',
			severity: 2,
			description: 'Bottles thrown near the fountain',
			onBehalf: false,
			sectorId: 'sector-cuba'
		}
	} as const;

	const AUDIENCES = {
		organiser: { role: 'organiser' },
		/** The sample's own marshal (and the job's), in the incident's sector. */
		aroha: { role: 'marshal', marshalId: 'marshal-aroha' },
		/** A colleague in the same sector, with no job. */
		mei: { role: 'marshal', marshalId: 'marshal-mei' },
		/** A marshal in another sector. */
		priya: { role: 'marshal', marshalId: 'marshal-priya' },
		public: { role: 'public', sessionId: 'pub-viewer' }
	} satisfies Record<string, Audience>;
	type Who = keyof typeof AUDIENCES;
	const ALL = { organiser: true, aroha: true, mei: true, priya: true, public: true };
	const SECTOR = { organiser: true, aroha: true, mei: true, priya: false, public: false };
	const OWN = { organiser: true, aroha: true, mei: false, priya: false, public: false };
	const CONTROL = { organiser: true, aroha: false, mei: false, priya: false, public: false };
	const MARSHALS = { organiser: true, aroha: true, mei: true, priya: true, public: false };

	/** Who receives each sample at all. */
	const VISIBLE = {
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
		'incident:reported': SECTOR,
		'incident:state-changed': SECTOR,
		'advisory:posted': SECTOR,
		// A withdrawal reaches exactly those the advisory reached (here: Cuba's marshals).
		'advisory:withdrawn': SECTOR,
		// The control room's record of an incident.
		'incident:noted': CONTROL,
		'incident:linked': CONTROL,
		'incident:police-logged': CONTROL,
		'incident:escalation-acknowledged': CONTROL,
		// Only the control room opens photos; the reporter's phone never shows it again.
		'incident:photo-deleted': CONTROL,
		// A job reaches its own marshal only, never a colleague of the same sector.
		'job:offered': OWN,
		'job:accepted': OWN,
		'job:declined': OWN,
		'job:timed-out': OWN,
		'job:on-scene': OWN,
		'job:resolved': OWN,
		'job:withdrawn': OWN,
		// Every marshal gets hazards (the phone decides whether to alert); never the public.
		'hazard:marked': MARSHALS,
		'hazard:cleared': MARSHALS,
		// Who has a broadcast: the control room, and the phone that has it.
		'advisory:received': OWN,
		// The request itself (device, code word) is the control room's; the visitor learns of
		// their own only through escort:status, never from journal events.
		'escort:requested': CONTROL,
		// Offers reach the marshals asked (Aroha), never a colleague who was not (Mei).
		'escort:offered': OWN,
		'escort:unanswered': CONTROL,
		'escort:accepted': OWN,
		'escort:declined': OWN,
		'escort:walking': OWN,
		'escort:arrived': OWN,
		'escort:cancelled': OWN,
		'escort:alarm-acknowledged': CONTROL,
		// Whoever was offered it holds its positions, so whoever was offered it must drop them.
		'escort:positions-deleted': OWN,
		'escort:requests-refused': CONTROL,
		'escort:refusals-acknowledged': CONTROL
	} satisfies Record<JournalEventType, Record<Who, boolean>>;

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
		const second = { seq: state.seq + 1, id: 'second', type: 'incident:reported', at };
		state = apply(state, { ...second, ...SECOND_REPORT } as JournalEvent);
		for (const prior of PRIOR[type] ?? []) state = apply(state, sample(prior, state.seq + 1));
		const event = type === 'incident:reported' ? report : sample(type, state.seq + 1);
		const after = apply(state, event);
		// The sample is a real change, not one the fold ignores.
		if (type !== 'incident:reported' && /^(job|incident):/.test(type))
			expect(after).not.toEqual({ ...state, seq: event.seq });

		for (const [who, audience] of Object.entries(AUDIENCES) as [Who, Audience][]) {
			const view = viewEvent(audience, event, after);
			expect(view !== null, `${who} seeing ${type}`).toBe(VISIBLE[type][who]);
			if (!view) continue;
			if (who === 'organiser') {
				expect(view).toEqual(event);
				continue;
			}
			expect(JournalEventSchema.safeParse(view).success).toBe(true);
			// Outside the control room an actor is a role, never an organiser or device id;
			// a marshal's own id only on their own facts.
			const own = audience.role === 'marshal' && event.actor.id === audience.marshalId;
			expect(view.actor).toEqual(
				own ? { role: event.actor.role, id: event.actor.id } : { role: event.actor.role }
			);
			// Outside the control room nobody learns which device asked for an escort.
			expect(JSON.stringify(view)).not.toContain('pub-viewer');
			if (type === 'escort:offered') {
				expect(view.data).toMatchObject({
					marshalIds: [audience.role === 'marshal' && audience.marshalId]
				});
			}
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
		// The offer brings its marshal the exact spot and the words; a colleague keeps a coarse copy.
		if (type === 'job:offered') {
			expect(viewState(AUDIENCES.aroha, after).incidents['incident-1']).toMatchObject({
				position: INCIDENT_AT,
				description: INCIDENT_WORDS
			});
			const mei = viewState(AUDIENCES.mei, after).incidents['incident-1'];
			expect(mei.position).toEqual(coarsen(INCIDENT_AT));
			expect(mei).not.toHaveProperty('description');
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
