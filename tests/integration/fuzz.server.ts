/**
 * What the fuzz test files share: their budgets, the roles they fuzz as, an in-process
 * server with one signed-in connection per role (its own event, per file), and the checks
 * that a refusal is a typed error ack and that nothing changed.
 */
import { beforeAll, expect } from 'vitest';
import {
	AckSchema,
	COMMAND_NAMES,
	COMMANDS,
	ERROR_CODES,
	type CommandName,
	type ErrorCode
} from '$lib/shared/protocol';
import type { TestClient } from './support/clients';
import { fileServer } from './support/file-server';
import { joinMarshal, publicVisitor, signInOrganiser, type Identity } from './support/identities';

export const RUNS_PER_COMMAND = 200;
export const ACK_MS = 3000;
/** Event names socket.io-client refuses to emit (the server's parser refuses them too). */
export const RESERVED = new Set([
	'connect',
	'connect_error',
	'disconnect',
	'disconnecting',
	'newListener',
	'removeListener'
]);
export const KNOWN = new Set<string>([...COMMAND_NAMES, 'sync:since']);
export const FUZZED_ROLES = ['organiser', 'marshal'] as const;
export type FuzzedRole = (typeof FUZZED_ROLES)[number];
/** The public is fuzzed too, on every command (nearly all are forbidden to it). */
export type Who = FuzzedRole | 'public';

/**
 * The server of one fuzz test file, with an organiser, a marshal and a public visitor
 * signed in and connected before its tests.
 */
export function fuzzServer(label: string) {
	const { eventId, clients, server } = fileServer(label);
	const who = {} as Record<Who, Identity>;
	const sockets = {} as Record<Who, TestClient>;

	beforeAll(async () => {
		who.organiser = await signInOrganiser(server.app, eventId);
		who.marshal = await joinMarshal(server.app, eventId, 'marshal-jordan');
		who.public = publicVisitor(server.app, eventId);
		for (const role of [...FUZZED_ROLES, 'public'] as const) sockets[role] = await connect(role);
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

	return { sockets, connect, snapshot, expectUnchanged };
}

export function expectRefused(ack: unknown, code: ErrorCode, what: string) {
	const parsed = AckSchema.safeParse(ack);
	expect(parsed.success, `${what}: not an Ack: ${JSON.stringify(ack)}`).toBe(true);
	expect(ack, what).toMatchObject({ ok: false, code });
	expect(ERROR_CODES).toContain((ack as { code: string }).code);
}

export const roleMay = (role: Who, name: CommandName) =>
	(COMMANDS[name].roles as readonly string[]).includes(role);
