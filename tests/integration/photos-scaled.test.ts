/**
 * Photos on a scaled deployment: two app containers (as two processes would be) on one
 * Redis. A phone's upload lands on one, its report on the other, and the control room reads
 * the photo through either, byte for byte, stripped of its EXIF GPS block.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import type { StoredPhoto } from '$lib/server/services/photo-service';
import type { Session } from '$lib/server/store/types';
import { newId } from '$lib/shared/ids';
import { craftedJpeg, hasExif } from '../support/photo-bytes';
import { joinMarshal, signInOrganiser } from './support/identities';
import { deleteRedisKeys, havenEnv, tempDir, testApp, uniqueEventId } from './support/servers';

const url = inject('redisUrl');
const keyPrefix = `test:photos:${newId()}:`;
const eventId = uniqueEventId('photos');
const dirs = [tempDir('photos-a'), tempDir('photos-b')];
let a: AppContainer;
let b: AppContainer;

/** The bytes of a photo that must still be there. */
function stored(photo: StoredPhoto | 'deleted' | null): StoredPhoto {
	if (photo === null || photo === 'deleted') throw new Error(`expected the photo, got ${photo}`);
	return photo;
}

const session = async (app: AppContainer, id: string): Promise<Session> => {
	const s = await app.store.findSessionById(id);
	if (!s) throw new Error('no session');
	return s;
};

beforeAll(async () => {
	a = await testApp(havenEnv({ eventId, dataDir: dirs[0].path, redis: { url, keyPrefix } }));
	b = await testApp(havenEnv({ eventId, dataDir: dirs[1].path, redis: { url, keyPrefix } }));
});

afterAll(async () => {
	await Promise.all([a?.close(), b?.close()]);
	await deleteRedisKeys(url, keyPrefix);
	for (const d of dirs) d.remove();
});

describe('photos across processes on Redis', () => {
	it('uploads on one process, reports and reads on the other, without EXIF', async () => {
		const phone = await joinMarshal(a, eventId, 'marshal-mei');
		const control = await signInOrganiser(b, eventId);
		const photoId = crypto.randomUUID();
		const original = craftedJpeg();
		expect(hasExif(original)).toBe(true);

		expect(await a.photos.upload(await session(a, phone.sessionId), photoId, original)).toEqual({
			ok: true,
			status: 'stored'
		});
		// The outbox resends when unsure: same marshal, same id, nothing new stored.
		expect(await b.photos.upload(await session(b, phone.sessionId), photoId, original)).toEqual({
			ok: true,
			status: 'exists'
		});

		const ack = await b.execute(phone.actor, 'incident:report', {
			commandId: newId(),
			incidentId: newId(),
			category: 'medical',
			severity: 3,
			description: 'By the fountain',
			photoId
		});
		expect(ack).toMatchObject({ ok: true });

		const seen = stored(await b.photos.read(await session(b, control.sessionId), photoId));
		expect(seen.contentType).toBe('image/jpeg');
		expect(hasExif(seen.bytes)).toBe(false);
		const again = stored(await a.photos.read(await session(a, control.sessionId), photoId));
		expect(Buffer.from(again.bytes).equals(Buffer.from(seen.bytes))).toBe(true);
	});

	it('keeps a photo from other marshals, and refuses their uploads under its id', async () => {
		const mei = await joinMarshal(a, eventId, 'marshal-mei');
		const tama = await joinMarshal(b, eventId, 'marshal-tama');
		const photoId = crypto.randomUUID();
		await a.photos.upload(await session(a, mei.sessionId), photoId, craftedJpeg());
		expect(await b.photos.read(await session(b, tama.sessionId), photoId)).toBeNull();
		expect(await b.photos.read(await session(b, mei.sessionId), photoId)).not.toBeNull();
		expect(await b.photos.upload(await session(b, tama.sessionId), photoId, craftedJpeg())).toEqual(
			{ ok: false, reason: 'conflict' }
		);
		expect(
			await b.photos.upload(
				await session(b, tama.sessionId),
				crypto.randomUUID(),
				new Uint8Array(10)
			)
		).toEqual({ ok: false, reason: 'type' });
	});
});
