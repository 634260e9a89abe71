/**
 * Retention of report photos end to end, with a retention period of two seconds: a marshal
 * reports with a photo through one server, the control room closes the incident through the
 * other; afterwards the store holds no trace of the photo's bytes (the SQLite file and its
 * write-ahead log; the Redis hash), the deletion is journaled once, and reading the photo
 * answers "deleted" to those who could see it and "no such photo" to anyone else, as before.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import { makeKeys } from '$lib/server/store/redis/keys';
import type { Session } from '$lib/server/store/types';
import { newId } from '$lib/shared/ids';
import { craftedJpeg } from '../support/photo-bytes';
import { startServerProcess, type ServerProcess } from '../support/processes';
import { sqliteBytes } from './support/sqlite-file';
import { clientPool } from './support/clients';
import { joinMarshal, signInOrganiser } from './support/identities';
import { expectOk, readJournal } from './support/journal';
import {
	deleteRedisKeys,
	havenEnv,
	startInProcessServer,
	tempDir,
	testApp,
	uniqueEventId,
	type Env
} from './support/servers';

const RETENTION_S = 2;
/** Retention, a sweep interval and delivery, generously on a loaded two-core machine. */
const DELETED_MS = 15_000;

/**
 * A JPEG whose scan data carries 48 KB no other file holds (no 0xff, so it stays one scan):
 * large enough to need overflow pages in SQLite, where a careless delete would leave it.
 */
function distinctiveJpeg(): { bytes: Uint8Array; runs: Buffer[] } {
	const scan = randomBytes(48 * 1024).map((b) => (b === 0xff ? 0x7f : b));
	const base = craftedJpeg();
	const bytes = Buffer.concat([base.subarray(0, base.length - 2), scan, base.subarray(-2)]);
	// Several windows across the run: a remnant of any page of it would show.
	const runs = [0, 8, 16, 24, 32, 40].map((k) =>
		Buffer.from(scan.subarray(k * 1024, k * 1024 + 48))
	);
	return { bytes: new Uint8Array(bytes), runs };
}

const clients = clientPool();
const stops: (() => Promise<void>)[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
	clients.closeAll();
	await Promise.all(stops.splice(0).map((stop) => stop()));
});
afterAll(() => {
	for (const d of dirs) d.remove();
});

const sessionOf = async (app: AppContainer, id: string): Promise<Session> => {
	const s = await app.store.findSessionById(id);
	if (!s) throw new Error('no session');
	return s;
};

/**
 * A report with a photo sent through B, closed by the control room through A, and the photo
 * deleted by the servers' sweeps. `app` makes identities and uploads (the route's service).
 */
async function reportCloseAndWait(app: AppContainer, urls: [string, string], eventId: string) {
	const organiser = await signInOrganiser(app, eventId);
	const marshal = await joinMarshal(app, eventId, 'marshal-aroha');
	const control = await clients.connect(urls[0], organiser.auth(), { eventId });
	const phone = await clients.connect(urls[1], marshal.auth(), { eventId });
	const { bytes, runs } = distinctiveJpeg();
	const photoId = randomUUID();
	expect(await app.photos.upload(await sessionOf(app, marshal.sessionId), photoId, bytes)).toEqual({
		ok: true,
		status: 'stored'
	});
	const stored = await app.store.findPhoto(eventId, photoId);
	expect(Buffer.from(stored!.bytes).indexOf(runs[0]), 'the run survives stripping').toBeGreaterThan(
		0
	);

	const incidentId = newId();
	expectOk(
		await phone.command('incident:report', {
			commandId: newId(),
			incidentId,
			category: 'medical',
			severity: 2,
			description: 'Fainted by the stage',
			photoId
		}),
		'the report'
	);
	await control.waitForEvent(
		(e) => e.type === 'incident:reported',
		'the report in the control room'
	);
	// Well past the period while open: an open incident keeps its photo.
	await new Promise((r) => setTimeout(r, (RETENTION_S + 1) * 1000));
	expect(await app.store.findPhoto(eventId, photoId)).not.toBeNull();
	expectOk(
		await control.command('incident:transition', {
			commandId: newId(),
			incidentId,
			to: 'resolved'
		}),
		'closing it'
	);
	const closedAt = Date.now();
	const deletion = await control.waitForEvent(
		(e) => e.type === 'incident:photo-deleted' && e.data.photoId === photoId,
		'the deletion reaching the control room',
		DELETED_MS
	);
	expect(deletion.data).toEqual({ incidentId, photoId });
	expect(Date.parse(deletion.at)).toBeGreaterThanOrEqual(closedAt + RETENTION_S * 1000 - 50);
	expect(control.state.incidents[incidentId].photoDeletedAt).toBe(deletion.at);

	// Reading it: gone for those who could see it, as unknown as ever to anyone else.
	const read = async (identity: { sessionId: string }) =>
		app.photos.read(await sessionOf(app, identity.sessionId), photoId);
	expect(await read(organiser)).toBe('deleted');
	expect(await read(marshal)).toBe('deleted');
	const colleague = await joinMarshal(app, eventId, 'marshal-sione');
	expect(await read(colleague)).toBeNull();

	// Exactly one entry, whichever process swept first.
	const journal = await readJournal(app.store, eventId);
	expect(journal.filter((e) => e.type === 'incident:photo-deleted')).toHaveLength(1);
	return { photoId, runs };
}

describe('on Redis, two server processes', () => {
	const redisUrl = inject('redisUrl');
	const keyPrefix = `test:photo-retention:${randomUUID()}:`;
	const eventId = uniqueEventId('photo-retention');
	const dir = tempDir('photo-retention-redis');
	dirs.push(dir);
	const env: Env = {
		...havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } }),
		HAVEN_PHOTO_RETENTION_SECONDS: String(RETENTION_S)
	};
	afterAll(() => deleteRedisKeys(redisUrl, keyPrefix));

	it('deletes the bytes, journals the deletion once, and reads answer deleted', async () => {
		const app = await testApp(env);
		stops.push(() => app.close());
		const servers: ServerProcess[] = await Promise.all([
			startServerProcess(env),
			startServerProcess(env)
		]);
		for (const s of servers) stops.push(() => s.stop());
		const { photoId, runs } = await reportCloseAndWait(
			app,
			[servers[0].url, servers[1].url],
			eventId
		);
		const redis = new Redis(redisUrl);
		redis.on('error', () => {});
		try {
			const keys = makeKeys(keyPrefix);
			const hash = await redis.hgetallBuffer(keys.photo(eventId, photoId));
			expect(Object.keys(hash).sort()).toEqual(['createdAt', 'deletedAt', 'marshalId']);
			for (const v of Object.values(hash)) for (const run of runs) expect(v.indexOf(run)).toBe(-1);
			expect(await redis.hexists(keys.photos(eventId), photoId)).toBe(0);
		} finally {
			redis.disconnect();
		}
	});
});

describe('on SQLite, two app instances on one file', () => {
	const eventId = uniqueEventId('photo-retention');
	const dir = tempDir('photo-retention-sqlite');
	dirs.push(dir);
	const env: Env = {
		...havenEnv({ eventId, dataDir: dir.path }),
		HAVEN_PHOTO_RETENTION_SECONDS: String(RETENTION_S)
	};

	it('leaves no byte run of the photo in the file or its write-ahead log', async () => {
		const a = await startInProcessServer(env);
		stops.push(() => a.close());
		const b = await startInProcessServer(env);
		stops.push(() => b.close());
		const { runs } = await reportCloseAndWait(a.app, [a.url, b.url], eventId);
		const bytes = sqliteBytes(dir.path);
		expect(bytes.length).toBeGreaterThan(0);
		for (const run of runs) expect(bytes.indexOf(run)).toBe(-1);
		expect(bytes.toString('latin1')).toContain('incident:photo-deleted');
	});
});
