import type { AppContainer } from '$lib/server/app';
import { newId } from '$lib/shared/ids';
import type { LngLat } from '$lib/shared/geo';
import type { MarshalPosition, PresenceBatch, QueryAck } from '$lib/shared/protocol';
import { until, WAIT_MS, type ConnectOptions, type TestClient } from './clients';
import { joinMarshal, publicVisitor, signInOrganiser, type Identity } from './identities';
import { expectOk } from './journal';
import { fileServer } from './file-server';

/** Inside the demo's Cuba sector. */
export const SCENE: LngLat = [174.776137, -41.291561];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a client; the pool from `clientPool()` fits. */
type Connect = (
	url: string,
	auth: ReturnType<Identity['auth']>,
	opts: ConnectOptions
) => Promise<TestClient>;

/** `metres` due north of `from` (a degree of latitude is 111,195 m on the mean sphere). */
export const north = (from: LngLat, metres: number): LngLat => [
	from[0],
	from[1] + metres / 111_194.93
];

/** Every `presence:batch` a client received, in order (read from its wire log). */
export function presenceBatches(client: TestClient): PresenceBatch[] {
	return client.wire
		.filter((w) => w.startsWith('["presence:batch",'))
		.map((w) => (JSON.parse(w) as [string, PresenceBatch])[1]);
}

/** The position the client's latest batch holds for a marshal. */
export const shownPosition = (client: TestClient, marshalId: string) =>
	presenceBatches(client)
		.at(-1)
		?.positions.find((p) => p.marshalId === marshalId);

/** Waits until the client's latest batch shows `match` for the marshal (undefined: absent). */
export function untilShown(
	client: TestClient,
	marshalId: string,
	match: (p: MarshalPosition | undefined) => boolean,
	what: string,
	timeoutMs = WAIT_MS
): Promise<true> {
	return until(
		() => presenceBatches(client).length > 0 && match(shownPosition(client, marshalId)) && true,
		what,
		timeoutMs
	);
}

/** Sends a position as a phone does: volatile, no acknowledgement. */
export function sendPosition(client: TestClient, position: LngLat, at = new Date()) {
	const update = { position, accuracy: 8, at: at.toISOString() };
	client.socket.emit('presence:update', update);
	return update;
}

/** Asks a query and resolves with its ack. */
export function ask(
	client: TestClient,
	name: 'dispatch:suggest',
	payload: unknown
): Promise<QueryAck<'dispatch:suggest'>> {
	return client.socket.timeout(WAIT_MS).emitWithAck(name, payload);
}

/** A roster marshal's new phone, connected, with the shift started. */
export async function marshalOnShift(
	app: AppContainer,
	connect: Connect,
	url: string,
	eventId: string,
	marshalId: string
): Promise<{ identity: Identity; client: TestClient }> {
	const identity = await joinMarshal(app, eventId, marshalId);
	const client = await connect(url, identity.auth(), { eventId });
	expectOk(
		await client.command('marshal:start-shift', { commandId: newId() }),
		`${marshalId} starting a shift`
	);
	return { identity, client };
}

/** Polls the app's presence store until `match` holds for what it returns. */
export async function untilStored(
	app: AppContainer,
	eventId: string,
	match: (positions: MarshalPosition[]) => boolean,
	what: string,
	timeoutMs = WAIT_MS
): Promise<MarshalPosition[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const positions = await app.presence.all(eventId);
		if (match(positions)) return positions;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** The marshal ids a list of positions holds. */
export const idsOf = (positions: { marshalId: string }[]) => positions.map((p) => p.marshalId);

/** A marshal reports an incident, with a position or (without one) a description; its id. */
export async function report(phone: TestClient, position?: LngLat): Promise<string> {
	const incidentId = newId();
	const where = position ? { position } : { description: 'By the fountain' };
	const payload = { commandId: newId(), incidentId, category: 'welfare', severity: 2, ...where };
	expectOk(await phone.command('incident:report', payload), 'reporting an incident');
	return incidentId;
}

/**
 * A fresh demo event served by the realtime layer in this process (embedded store), for
 * one describe block: started before its tests, closed after them with its clients.
 */
export function inProcessEvent(label: string) {
	const { eventId, clients: pool, server } = fileServer(label);
	return {
		eventId,
		pool,
		app: () => server.app,
		url: () => server.url,
		onShift: (marshalId: string) =>
			marshalOnShift(server.app, pool.connect, server.url, eventId, marshalId),
		organiser: async () =>
			pool.connect(server.url, (await signInOrganiser(server.app, eventId)).auth(), { eventId }),
		attendee: () => pool.connect(server.url, publicVisitor(server.app, eventId).auth(), { eventId })
	};
}
