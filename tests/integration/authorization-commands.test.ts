/**
 * Who may do what, end to end: every role against every command in the catalog, through
 * real sockets. Each command is first made possible (its prerequisites run through the same
 * service the sockets use), then sent by every role that may not (forbidden, journal still)
 * and every role that may (accepted). Refusals go through spare sessions of each role so the
 * per-session rate limit never answers first. Embedded store (SQLite in a temp dir), realtime
 * attached in this process; the views half of the matrix is authorization-views.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '$lib/shared/ids';
import { ROLES, type EventState, type Role } from '$lib/shared/model';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '$lib/shared/protocol';
import { EscortSweeper } from '$lib/server/services/escort-sweeper';
import { EscortGuard } from '$lib/server/realtime/escort-guard';
import { createLimiter } from '$lib/server/security/rate-limits';
import { isOpenEscort } from '$lib/shared/escort';
import type { TestClient } from './support/clients';
import { fileServer } from './support/file-server';
import { joinMarshal, publicVisitor, signInOrganiser, type Identity } from './support/identities';
import { expectOk } from './support/journal';
import {
	freshContext,
	missingFactories,
	validPayload,
	VALID_PAYLOADS,
	type PayloadContext
} from './support/payloads';

const { eventId, server, head, serverState, connect } = fileServer('authz-commands');

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
