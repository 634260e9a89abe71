/**
 * Hand-picked hostile input through real socket.io connections to the real realtime layer
 * (embedded store, attached in this process): strings at and over their caps, binary
 * payloads, commands without an ack, unknown event names, hostile sync:since requests,
 * malformed and oversize packets. Each is refused with a typed error ack or drops only its
 * sender, changes nothing, and the server keeps serving afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { newId } from '$lib/shared/ids';
import {
	COMMAND_NAMES,
	COMMANDS,
	MAX_PACKET_BYTES,
	SyncRequestSchema,
	type Ack,
	type CommandName,
	type ErrorCode
} from '$lib/shared/protocol';
import { within, type TestClient } from './support/clients';
import { expectOk } from './support/journal';
import { freshContext, validPayload, wireForm } from './support/payloads';
import {
	ACK_MS,
	expectRefused,
	FUZZED_ROLES,
	fuzzServer,
	KNOWN,
	RESERVED,
	roleMay,
	RUNS_PER_COMMAND,
	type FuzzedRole,
	type Who
} from './fuzz.server';
import { nasty, stringCaps } from './fuzz.payloads';

// The fuzzer sends thousands of commands in seconds: lift the command budgets for this file.
vi.mock('$lib/server/security/rate-limits', async (importOriginal) =>
	(await import('./support/lifted-limits')).liftCommandLimits(await importOriginal())
);

const { sockets, connect, snapshot, expectUnchanged } = fuzzServer('fuzz-targeted');

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
