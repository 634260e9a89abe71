/**
 * Random hostile input at every command in the catalog, as each role (the organiser, a
 * marshal, the public), through real socket.io connections to the real realtime layer
 * (embedded store, attached in this process): every invalid payload gets a typed error ack
 * (invalid for the command's own roles, forbidden for the others) and changes nothing.
 * Hand-picked hostile input is fuzz.targeted.test.ts.
 */
import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { COMMAND_NAMES, type ErrorCode } from '$lib/shared/protocol';
import {
	ACK_MS,
	expectRefused,
	FUZZED_ROLES,
	fuzzServer,
	roleMay,
	RUNS_PER_COMMAND
} from './fuzz.server';
import { hostilePayloads } from './fuzz.payloads';

// The fuzzer sends thousands of commands in seconds: lift the command budgets for this file.
vi.mock('$lib/server/security/rate-limits', async (importOriginal) =>
	(await import('./support/lifted-limits')).liftCommandLimits(await importOriginal())
);

const { sockets, snapshot, expectUnchanged } = fuzzServer('fuzz-commands');

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
