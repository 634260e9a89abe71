import { describe, expect, it } from 'vitest';
import type { Photo } from '$lib/server/store/types';
import { craftedJpeg, craftedPng } from '../support/photo-bytes';
import type { ContractContext } from './store-contract.fixtures';

/** Every byte value, so a store that reads photos back as text would be caught. */
const allBytes = () => Uint8Array.from({ length: 512 }, (_, i) => i % 256);

export const photo = (over: Partial<Photo> = {}): Photo => ({
	id: crypto.randomUUID(),
	eventId: 'pride-2025',
	marshalId: 'marshal-7',
	contentType: 'image/jpeg',
	bytes: Uint8Array.from([...craftedJpeg(), ...allBytes()]),
	createdAt: '2025-06-28T12:00:00.000Z',
	...over
});

/** Photos: binary-safe, once per id, owned by the marshal who sent them, kept per event. */
export function photosContract({ fresh }: ContractContext): void {
	describe('photos', () => {
		it('stores a photo and reads back exactly the same bytes', async () => {
			const { store, another } = await fresh();
			const p = photo();
			expect(await store.putPhoto(p)).toBe('stored');
			const got = await another().findPhoto(p.eventId, p.id);
			expect(got).not.toBeNull();
			expect(got).toMatchObject({
				id: p.id,
				eventId: p.eventId,
				marshalId: p.marshalId,
				contentType: 'image/jpeg',
				createdAt: p.createdAt
			});
			expect(Buffer.from(got?.bytes ?? []).equals(Buffer.from(p.bytes))).toBe(true);
			const png = photo({ contentType: 'image/png', bytes: craftedPng() });
			await store.putPhoto(png);
			expect((await store.findPhoto(png.eventId, png.id))?.contentType).toBe('image/png');
		});

		it('keeps the first bytes when the same marshal sends the same id again', async () => {
			const { store } = await fresh();
			const p = photo();
			expect(await store.putPhoto(p)).toBe('stored');
			expect(await store.putPhoto({ ...p, bytes: craftedPng() })).toBe('exists');
			const got = await store.findPhoto(p.eventId, p.id);
			expect(Buffer.from(got?.bytes ?? []).equals(Buffer.from(p.bytes))).toBe(true);
		});

		it("refuses another marshal's upload under an id that is taken", async () => {
			const { store } = await fresh();
			const p = photo();
			await store.putPhoto(p);
			expect(await store.putPhoto({ ...p, marshalId: 'marshal-8', bytes: craftedPng() })).toBe(
				'conflict'
			);
			expect((await store.findPhoto(p.eventId, p.id))?.marshalId).toBe('marshal-7');
		});

		it('keeps photos per event and answers null for unknown ids', async () => {
			const { store } = await fresh();
			const p = photo();
			await store.putPhoto(p);
			expect(await store.findPhoto('other-event', p.id)).toBeNull();
			expect(await store.findPhoto(p.eventId, crypto.randomUUID())).toBeNull();
		});

		it('lets exactly one of two simultaneous first uploads store', async () => {
			const { store, another } = await fresh();
			const p = photo();
			const results = await Promise.all([
				store.putPhoto(p),
				another().putPhoto(p),
				another().putPhoto({ ...p, marshalId: 'marshal-8' })
			]);
			expect(results.filter((r) => r === 'stored')).toHaveLength(1);
		});
	});
}
