import type { PublicEscort } from '$lib/shared/escort';
import { newId } from '$lib/shared/ids';
import type { TestClient } from './clients';
import { expectOk } from './journal';

/** Every escort status a visitor's connection received, in order, leaving out "none". */
export const statuses = (c: TestClient): PublicEscort[] =>
	c.wire
		.map((w) => JSON.parse(w) as [string, ...unknown[]])
		.filter(([name]) => name === 'escort:status')
		.map(([, s]) => (s as { escort: PublicEscort | null }).escort)
		.filter((e): e is PublicEscort => e !== null);
/** The last escort status the visitor was told. */
export const latest = (c: TestClient) => statuses(c).at(-1);
/** Sends a command with a fresh command id; it must succeed. */
export const send = async (c: TestClient, name: string, payload: object) =>
	expectOk(await c.command(name, { commandId: newId(), ...payload }), name);
