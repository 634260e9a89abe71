/**
 * Random and hostile input at every command in the catalog, through real socket.io
 * connections to the real realtime layer (embedded store, attached in this process):
 * every invalid payload gets a typed error ack and changes nothing, and the server keeps
 * serving afterwards.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '$lib/shared/ids';
import {
	AckSchema,
	COMMAND_NAMES,
	COMMANDS,
	ERROR_CODES,
	MAX_PACKET_BYTES,
	SyncRequestSchema,
	type Ack,
	type CommandName,
	type ErrorCode
} from '$lib/shared/protocol';
import { clientPool, within, type TestClient } from './support/clients';
import { joinMarshal, publicVisitor, signInOrganiser, type Identity } from './support/identities';
import { expectOk } from './support/journal';
import { freshContext, validPayload, wireForm } from './support/payloads';
import {
	havenEnv,
	startInProcessServer,
	tempDir,
	uniqueEventId,
	type InProcessServer
} from './support/servers';

/*
 * A session may send 30 commands per 10 s (and an IP 300): the fuzzer sends thousands in
 * seconds, so with the real budgets nearly every payload would be answered 'rate-limited'
 * before its schema saw it. Lift the command budgets for this file only; everything else
 * (handshake, connection budget, validation, services, store) is the production code.
 */
vi.mock('$lib/server/security/rate-limits', async (importOriginal) => {
	const original = await importOriginal<typeof import('$lib/server/security/rate-limits')>();
	const lifted = { points: 1_000_000, durationSeconds: 1 };
	return {
		...original,
		COMMAND_LIMITS: { perSession: lifted, perIp: lifted },
		ESCORT_LIMITS: { perDevice: lifted, perIp: lifted }
	};
});

const RUNS_PER_COMMAND = 200;
const ACK_MS = 3000;
/** Event names socket.io-client refuses to emit (the server's parser refuses them too). */
const RESERVED = new Set([
	'connect',
	'connect_error',
	'disconnect',
	'disconnecting',
	'newListener',
	'removeListener'
]);
const KNOWN = new Set<string>([...COMMAND_NAMES, 'sync:since']);
const FUZZED_ROLES = ['organiser', 'marshal'] as const;
type FuzzedRole = (typeof FUZZED_ROLES)[number];
/** The public is fuzzed too, on every command (nearly all are forbidden to it). */
type Who = FuzzedRole | 'public';

const eventId = uniqueEventId('fuzz');
const dir = tempDir('fuzz');
const clients = clientPool();
let server: InProcessServer;
const who = {} as Record<Who, Identity>;
const sockets = {} as Record<Who, TestClient>;

beforeAll(async () => {
	server = await startInProcessServer(havenEnv({ eventId, dataDir: dir.path }));
	who.organiser = await signInOrganiser(server.app, eventId);
	who.marshal = await joinMarshal(server.app, eventId, 'marshal-jordan');
	who.public = publicVisitor(server.app, eventId);
	for (const role of [...FUZZED_ROLES, 'public'] as const) sockets[role] = await connect(role);
});

afterAll(async () => {
	clients.closeAll();
	await server?.close();
	dir.remove();
});

const connect = (role: Who) => clients.connect(server.url, who[role].auth(), { eventId });

/** The journal as the store holds it, and this process's folded state object. */
async function snapshot() {
	const runtime = await server.app.runtime(eventId);
	return { head: await server.app.store.head(eventId), state: runtime.state };
}

async function expectUnchanged(before: Awaited<ReturnType<typeof snapshot>>, what: string) {
	const now = await snapshot();
	expect(now.head, `${what}: the journal moved`).toBe(before.head);
	// The runtime replaces its state object on every fold: the same object means no change.
	expect(now.state === before.state, `${what}: the state changed`).toBe(true);
}

function expectRefused(ack: unknown, code: ErrorCode, what: string) {
	const parsed = AckSchema.safeParse(ack);
	expect(parsed.success, `${what}: not an Ack: ${JSON.stringify(ack)}`).toBe(true);
	expect(ack, what).toMatchObject({ ok: false, code });
	expect(ERROR_CODES).toContain((ack as { code: string }).code);
}

const roleMay = (role: Who, name: CommandName) =>
	(COMMANDS[name].roles as readonly string[]).includes(role);

/* ------------------------------------------------------------ hostile payloads */

type Shape = Record<string, z.ZodType>;
const shapeOf = (name: CommandName): Shape =>
	(COMMANDS[name].payload as unknown as { shape: Shape }).shape;

/** The string fields of a command with their length caps (through optional/default/nullable). */
function stringCaps(name: CommandName): { key: string; max: number }[] {
	const caps: { key: string; max: number }[] = [];
	for (const [key, field] of Object.entries(shapeOf(name))) {
		let s = field as unknown as { def: { type: string; innerType?: unknown }; maxLength?: number };
		while (['optional', 'default', 'nullable'].includes(s.def.type)) {
			s = s.def.innerType as typeof s;
		}
		if (s.def.type === 'string' && typeof s.maxLength === 'number') {
			caps.push({ key, max: s.maxLength });
		}
	}
	return caps;
}

const nasty = fc.constantFrom<unknown>(
	NaN,
	Infinity,
	-Infinity,
	-0,
	1e308,
	-1e308,
	Number.MAX_SAFE_INTEGER + 2,
	0.5,
	'',
	' ',
	'\u0000',
	'\u202e',
	'<script>alert(1)</script>',
	"'; DROP TABLE journal; --",
	'a'.repeat(65),
	'true',
	'1',
	[],
	{},
	null
);

/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (and as the server sees them). */
function polluted(base: Record<string, unknown>): unknown[] {
	const body = JSON.stringify(base).slice(1);
	const firstKey = Object.keys(base)[0];
	return [
		JSON.parse(`{"__proto__":{"polluted":"yes","isAdmin":true},${body}`),
		JSON.parse(`{"constructor":{"prototype":{"polluted":"yes"}},${body}`),
		JSON.parse(`{"__proto__":${JSON.stringify(base)}}`),
		JSON.parse(`{"prototype":{"polluted":"yes"},${body}`),
		{ ...base, [firstKey]: JSON.parse('{"__proto__":{"polluted":"yes"}}') },
		JSON.parse(`[{"__proto__":{"polluted":"yes"}}]`)
	];
}

function nested(depth: number, arrays: boolean): unknown {
	let v: unknown = 'x';
	for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
	return v;
}

/** Payloads that the command's schema rejects, as the server will receive them. */
function hostilePayloads(name: CommandName): fc.Arbitrary<unknown> {
	const base = validPayload(name, freshContext());
	const keys = Object.keys(shapeOf(name));
	const schema = COMMANDS[name].payload;
	const value = fc.oneof(fc.jsonValue(), fc.anything({ maxDepth: 3 }), nasty);
	const key = fc.constantFrom(...keys);
	const withKeys = (extra: Record<string, unknown>) => ({ ...base, ...extra });
	return fc
		.oneof(
			// Random values of any kind.
			fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 4 }),
			fc.jsonValue(),
			// A wrong type or value for one field, or a field missing.
			fc.tuple(key, value).map(([k, v]) => withKeys({ [k]: v })),
			key.map((k) => Object.fromEntries(Object.entries(base).filter(([j]) => j !== k))),
			// Unknown keys (the schemas are strict).
			fc
				.tuple(fc.string({ minLength: 1, maxLength: 24 }), fc.jsonValue())
				.filter(([k]) => !keys.includes(k))
				.map(([k, v]) => withKeys({ [k]: v })),
			// Prototype pollution.
			fc.constantFrom(...polluted(base)),
			// Deeply nested, as the payload or in a field.
			fc
				.tuple(fc.integer({ min: 50, max: 2500 }), fc.boolean(), fc.option(key))
				.map(([depth, arrays, k]) =>
					k === null ? nested(depth, arrays) : withKeys({ [k]: nested(depth, arrays) })
				),
			// Arrays where an object belongs.
			fc.constantFrom<unknown>([base], Object.values(base), Object.entries(base), []),
			fc.array(fc.jsonValue(), { maxLength: 5 }),
			// Huge strings in any field (under the packet cap).
			fc
				.tuple(key, fc.integer({ min: 1001, max: 60_000 }))
				.map(([k, n]) => withKeys({ [k]: 'x'.repeat(n) }))
		)
		.filter((p) => !schema.safeParse(wireForm(p)).success);
}

/* ------------------------------------------------------------------- the tests */

describe.each([...FUZZED_ROLES, 'public'] as const)('as %s', (role) => {
	it.each(COMMAND_NAMES)(
		'%s: every hostile payload is refused with a typed error and changes nothing',
		async (name) => {
			const client = sockets[role];
			const code: ErrorCode = roleMay(role, name) ? 'invalid' : 'forbidden';
			const before = await snapshot();
			await fc.assert(
				fc.asyncProperty(hostilePayloads(name), async (payload) => {
					if (!client.socket.connected) throw new Error('the server dropped the connection');
					const ack = await client.command(name, payload, ACK_MS);
					expectRefused(ack, code, `${role} ${name}`);
					await expectUnchanged(before, `${role} ${name}`);
				}),
				{ numRuns: RUNS_PER_COMMAND }
			);
		}
	);
});

describe('targeted hostile input', () => {
	it('accepts strings at their caps and refuses them one character over, or huge', async () => {
		for (const name of COMMAND_NAMES) {
			const role = COMMANDS[name].roles[0] as Who;
			const caps = stringCaps(name);
			expect(caps.map((c) => c.key)).toContain('commandId');
			for (const { key, max } of caps) {
				// Unique fillers: two commands sharing a command id would be one command.
				const filler = (n: number) => (newId().replaceAll('-', '') + 'a'.repeat(n)).slice(0, n);
				const at = { ...validPayload(name, freshContext()), [key]: filler(max) };
				expect(COMMANDS[name].payload.safeParse(at).success, `${name}.${key} at ${max}`).toBe(true);
				const ack = await sockets[role].command(name, at);
				// Valid in shape: it succeeds, or is refused on its merits, never as invalid input.
				expect(ack.ok || ack.code !== 'invalid', `${name}.${key} at its cap`).toBe(true);

				for (const length of [max + 1, 60_000]) {
					const before = await snapshot();
					const over = { ...validPayload(name, freshContext()), [key]: filler(length) };
					expectRefused(await sockets[role].command(name, over), 'invalid', `${name}.${key}`);
					await expectUnchanged(before, `${name}.${key} at ${length}`);
				}
			}
		}
	});

	it('refuses binary payloads', async () => {
		for (const role of FUZZED_ROLES) {
			for (const name of COMMAND_NAMES.filter((n) => roleMay(role, n))) {
				const before = await snapshot();
				const bytes = new Uint8Array([123, 34, 125, 0, 255]);
				for (const payload of [
					bytes,
					{ ...validPayload(name, freshContext()), commandId: bytes }
				]) {
					expectRefused(await sockets[role].command(name, payload), 'invalid', name);
				}
				await expectUnchanged(before, `binary ${name}`);
			}
		}
	});

	it('ignores commands sent without an acknowledgement callback', async () => {
		const before = await snapshot();
		for (const role of FUZZED_ROLES) {
			for (const name of COMMAND_NAMES) {
				// Valid payloads too: a command that cannot be acknowledged is not executed.
				sockets[role].socket.emit(name, validPayload(name, freshContext()));
				sockets[role].socket.emit(name, { junk: true });
			}
		}
		// The socket handles packets in order: once this is answered, the above were handled.
		for (const role of FUZZED_ROLES) {
			expectRefused(await sockets[role].command('zone:set-status', []), roleCode(role), 'barrier');
		}
		await expectUnchanged(before, 'commands without an ack');
	});

	it('answers unknown event names with unknown-command', async () => {
		const client = sockets.organiser;
		const before = await snapshot();
		const names = fc
			.oneof(
				fc.string({ maxLength: 40 }),
				fc.string({ unit: 'binary', maxLength: 40 }),
				fc.constantFrom(
					'__proto__',
					'constructor',
					'toString',
					'hasOwnProperty',
					'valueOf',
					'ZONE:SET-STATUS',
					'zone:set-status ',
					'incident:report\u0000',
					'journal:batch',
					'session:revoked',
					'incident:delete',
					'x'.repeat(10_000)
				)
			)
			.filter((n) => !KNOWN.has(n) && !RESERVED.has(n));
		await fc.assert(
			fc.asyncProperty(names, fc.jsonValue(), async (name, payload) => {
				expectRefused(await client.command(name, payload, ACK_MS), 'unknown-command', name);
			}),
			{ numRuns: RUNS_PER_COMMAND }
		);
		await expectUnchanged(before, 'unknown names');
	});

	it('refuses hostile sync:since requests', async () => {
		const client = sockets.marshal;
		const requests = fc
			.oneof(fc.anything({ maxDepth: 3 }), fc.record({ since: fc.oneof(fc.jsonValue(), nasty) }))
			.filter((r) => !SyncRequestSchema.safeParse(wireForm(r)).success);
		const before = await snapshot();
		await fc.assert(
			fc.asyncProperty(requests, async (request) => {
				expectRefused(await client.command('sync:since', request, ACK_MS), 'invalid', 'sync');
			}),
			{ numRuns: RUNS_PER_COMMAND }
		);
		await expectUnchanged(before, 'sync:since');
	});

	it('survives JSON-illegal and malformed packets, closing only the sender', async () => {
		const ctx = freshContext();
		const incident = JSON.stringify(validPayload('incident:report', ctx)).slice(0, -1);
		const advisory = JSON.stringify(validPayload('advisory:post', ctx)).slice(0, -1);
		const status = JSON.stringify(validPayload('zone:set-status', ctx)).slice(0, -1);
		// [role, socket.io packet text, must it be answered?]; 1e309 is legal JSON for Infinity.
		const packets: [FuzzedRole, string, 'answered' | 'any'][] = [
			['marshal', `2900["incident:report",${incident},"severity":1e309}]`, 'answered'],
			['organiser', `2901["advisory:post",${advisory},"expiresInMinutes":-1e309}]`, 'answered'],
			['organiser', `2902[42,${status}}]`, 'answered'],
			['organiser', `2903["zone:set-status",${status},"verified":NaN}]`, 'any'],
			['organiser', `2904["zone:set-status",${status},"status":Infinity}]`, 'any'],
			['organiser', `2905["zone:set-status",{"commandId":`, 'any'],
			['organiser', `2906["disconnect",${status}}]`, 'any'],
			['organiser', `2907{"not":"an array"}`, 'any'],
			['organiser', `29999999999999999999["zone:set-status",[${status}}]]`, 'any'],
			['marshal', `51-908["incident:report",{"_placeholder":true,"num":3}]`, 'any']
		];
		for (const [role, packet, answer] of packets) {
			const before = await snapshot();
			const client = await connect(role);
			const outcome = await rawExchange(client, packet);
			if (answer === 'answered') expect(outcome, packet).toHaveProperty('ack');
			if ('ack' in outcome) {
				const code = packet.startsWith('2902') ? 'unknown-command' : 'invalid';
				expectRefused(outcome.ack, code, packet);
			}
			client.close();
			await expectUnchanged(before, packet);
		}
		await expectServing();
	});

	it('drops a connection that sends more than the packet cap, and keeps serving', async () => {
		const before = await snapshot();
		const client = await connect('organiser');
		const huge = {
			...validPayload('advisory:post', freshContext()),
			text: 'x'.repeat(MAX_PACKET_BYTES + 1024)
		};
		const answer = client.command('advisory:post', huge, ACK_MS).catch((err: Error) => err);
		const reason = await within(client.disconnected, 'the oversize sender to be dropped');
		expect(reason).toBe('transport close');
		const ack = await answer;
		// Never an ok: either no answer at all, or a refusal.
		expect(ack instanceof Error || (ack as Ack).ok === false).toBe(true);
		await expectUnchanged(before, 'an oversize packet');
		await expectServing();
	});

	it('leaves no pollution behind and still answers valid commands', async () => {
		expect(Object.prototype).not.toHaveProperty('polluted');
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
		expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
		await expectServing();
	});
});

const roleCode = (role: FuzzedRole): ErrorCode =>
	roleMay(role, 'zone:set-status') ? 'invalid' : 'forbidden';

/** Fresh connections for both roles, each with a valid command that succeeds. */
async function expectServing() {
	const ctx = freshContext();
	for (const role of FUZZED_ROLES) {
		const client = await connect(role);
		const name: CommandName = role === 'organiser' ? 'zone:set-status' : 'incident:report';
		const before = await snapshot();
		const ack = expectOk(await client.command(name, validPayload(name, ctx)), `${role} ${name}`);
		expect(ack.seq).toBe(before.head + 1);
		client.close();
	}
}

type RawOutcome = { ack: unknown } | { dropped: string } | { silent: true };

/**
 * Writes one raw socket.io packet and resolves with its ack (read off the wire), the
 * reason the server dropped the connection, or silence after a second.
 */
function rawExchange(client: TestClient, packet: string): Promise<RawOutcome> {
	const ackId = /^(?:51-)?2?(\d+)/.exec(packet)?.[1] ?? '';
	const engine = client.socket.io.engine;
	return new Promise((resolve) => {
		const done = (outcome: RawOutcome) => {
			clearTimeout(timer);
			engine.off('data', onData);
			resolve(outcome);
		};
		const timer = setTimeout(() => done({ silent: true }), 1000);
		const onData = (data: unknown) => {
			if (typeof data !== 'string' || !data.startsWith(`3${ackId}[`)) return;
			done({ ack: (JSON.parse(data.slice(1 + ackId.length)) as unknown[])[0] });
		};
		engine.on('data', onData);
		void client.disconnected.then((reason) => done({ dropped: reason }));
		engine.write(packet);
		// A binary event promises an attachment: send one its placeholder does not point at.
		if (packet.startsWith('51-')) engine.write(new Uint8Array([1, 2, 3]));
	});
}
