import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, CommandName } from '$lib/shared/protocol';
import { Outbox, OutboxError, type UploadAnswer } from './outbox';
import { openOutboxDb } from './outbox-db';

/**
 * Reports with photos, on fake-indexeddb and a scripted server that behaves like the real
 * one: uploads are idempotent by photo id, and a report is refused unless its photo is stored.
 */
class PhotoServer {
	photos = new Map<string, number>();
	uploads: string[] = [];
	reports: Record<string, unknown>[] = [];
	mode: 'up' | 'down' | 'lost-upload' | 'refuse-photo' = 'up';
	log: string[] = [];

	upload = async (photoId: string, bytes: ArrayBuffer): Promise<UploadAnswer> => {
		if (this.mode === 'down') return { ok: false, retry: true, message: 'No signal.' };
		if (this.mode === 'refuse-photo') {
			return { ok: false, retry: false, message: 'Only JPEG or PNG photos can be sent.' };
		}
		this.uploads.push(photoId);
		this.log.push(`photo ${photoId}`);
		if (!this.photos.has(photoId)) this.photos.set(photoId, bytes.byteLength);
		if (this.mode === 'lost-upload') {
			this.mode = 'up';
			return { ok: false, retry: true, message: 'No answer.' };
		}
		return { ok: true };
	};

	send = async (name: CommandName, payload: Record<string, unknown>): Promise<Ack> => {
		if (this.mode === 'down') return { ok: false, code: 'unavailable', message: 'Not connected.' };
		this.log.push(`${name} ${String(payload.photoId ?? '-')}`);
		if (typeof payload.photoId === 'string' && !this.photos.has(payload.photoId)) {
			return { ok: false, code: 'invalid', message: 'The photo has not reached the control room.' };
		}
		this.reports.push(payload);
		return { ok: true, seq: this.reports.length };
	};
}

let n = 0;
const opened: Outbox[] = [];
afterEach(() => {
	for (const o of opened.splice(0)) o.close();
});

async function open(server: PhotoServer, dbName: string) {
	const o = await Outbox.open({ send: server.send, upload: server.upload, dbName });
	opened.push(o);
	return o;
}

const photo = () => ({ id: crypto.randomUUID(), bytes: new Uint8Array([1, 2, 3, 4]).buffer });
const report = (photoId?: string) => ({
	incidentId: crypto.randomUUID(),
	category: 'medical' as const,
	severity: 3,
	description: 'By the fountain',
	...(photoId ? { photoId } : {})
});

async function storedRows(dbName: string) {
	const db = await openOutboxDb(dbName);
	const rows = await db.all();
	db.close();
	return rows.map((r) => r.value as { photo?: { sent: boolean; bytes?: ArrayBuffer } });
}

describe('Outbox with photos', () => {
	it('keeps the report until its photo is stored, then sends photo first and report second', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		server.mode = 'down';
		const outbox = await open(server, dbName);
		const p = photo();
		const item = await outbox.add('incident:report', report(p.id), 'Report', p);
		await outbox.flush();
		expect(server.log).toEqual([]);
		const [saved] = await storedRows(dbName);
		expect(saved.photo?.sent).toBe(false);
		expect(saved.photo?.bytes?.byteLength).toBe(4);

		server.mode = 'up';
		await outbox.flush();
		expect(server.log).toEqual([`photo ${p.id}`, `incident:report ${p.id}`]);
		expect(outbox.items.find((i) => i.id === item.id)?.state).toBe('received');
		expect(await storedRows(dbName)).toEqual([]);
	});

	it('keeps the photo across a reload and sends it after', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		server.mode = 'down';
		const first = await open(server, dbName);
		const p = photo();
		await first.add('incident:report', report(p.id), 'Report', p);
		first.close();

		server.mode = 'up';
		const second = await open(server, dbName);
		await second.flush();
		expect(server.photos.get(p.id)).toBe(4);
		expect(server.reports.map((r) => r.photoId)).toEqual([p.id]);
	});

	it('uploads again after a lost answer without storing twice', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		server.mode = 'lost-upload';
		const outbox = await open(server, dbName);
		const p = photo();
		await outbox.add('incident:report', report(p.id), 'Report', p);
		// The first round's upload is stored but its answer lost; the next round uploads again.
		await outbox.flush();
		await outbox.flush();
		expect(server.uploads).toEqual([p.id, p.id]);
		expect(server.photos.size).toBe(1);
		expect(server.reports).toHaveLength(1);
	});

	it('forgets the bytes once the photo is stored, even while the report still waits', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		const send = server.send;
		// The photo gets through; the report meets a dropped link.
		server.send = async () => ({ ok: false, code: 'unavailable', message: 'Not connected.' });
		const first = await open(server, dbName);
		const p = photo();
		await first.add('incident:report', report(p.id), 'Report', p);
		await first.flush();
		const [saved] = await storedRows(dbName);
		expect(saved.photo).toEqual({ id: p.id, sent: true });
		first.close();

		server.send = send;
		const second = await open(server, dbName);
		await second.flush();
		expect(server.uploads).toEqual([p.id]);
		expect(server.reports.map((r) => r.photoId)).toEqual([p.id]);
	});

	it('sends the report without a photo the server refuses, and says so', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		server.mode = 'refuse-photo';
		const outbox = await open(server, dbName);
		const p = photo();
		const item = await outbox.add('incident:report', report(p.id), 'Report', p);
		await outbox.flush();
		expect(server.reports).toHaveLength(1);
		expect(server.reports[0]).not.toHaveProperty('photoId');
		const settled = outbox.items.find((i) => i.id === item.id);
		expect(settled?.state).toBe('received');
		expect(settled?.message).toMatch(/without the photo/);
	});

	it('sends a report without a photo as before, and refuses a photo the payload does not name', async () => {
		const dbName = `photos-${n++}`;
		const server = new PhotoServer();
		const outbox = await open(server, dbName);
		await outbox.add('incident:report', report(), 'Report');
		await outbox.flush();
		expect(server.log).toEqual(['incident:report -']);
		await expect(
			outbox.add('incident:report', report(crypto.randomUUID()), 'Report', photo())
		).rejects.toBeInstanceOf(OutboxError);
	});
});
