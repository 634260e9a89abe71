import { describe, expect, it } from 'vitest';
import type { ContractContext } from './store-contract.fixtures';
import { photo } from './store-contract.photos';

const AT = '2025-06-29T12:00:00.000Z';

/** Photo retention: the bytes go, who sent it and when stay, and the id stays taken. */
export function photoDeletionsContract({ fresh }: ContractContext): void {
	describe('photo deletions', () => {
		it('lists stored photos with their upload time, per event, without bytes', async () => {
			const { store, another } = await fresh();
			const a = photo({ createdAt: '2025-06-28T12:00:00.000Z' });
			const b = photo({ createdAt: '2025-06-28T13:00:00.000Z' });
			await store.putPhoto(a);
			await store.putPhoto(b);
			await store.putPhoto(photo({ eventId: 'other-event' }));
			const listed = await another().listPhotos(a.eventId);
			expect(listed).toEqual(
				[
					{ id: a.id, createdAt: a.createdAt },
					{ id: b.id, createdAt: b.createdAt }
				].sort((x, y) => (x.id < y.id ? -1 : 1))
			);
		});

		it('deletes the bytes and keeps who sent it and when, once', async () => {
			const { store, another } = await fresh();
			const p = photo();
			const kept = photo();
			await store.putPhoto(p);
			await store.putPhoto(kept);
			expect(await store.findDeletedPhoto(p.eventId, p.id)).toBeNull();
			expect(await store.deletePhoto(p.eventId, p.id, AT)).toBe(true);
			expect(await another().deletePhoto(p.eventId, p.id, '2025-06-30T00:00:00.000Z')).toBe(false);
			expect(await another().findPhoto(p.eventId, p.id)).toBeNull();
			expect(await another().findDeletedPhoto(p.eventId, p.id)).toEqual({
				id: p.id,
				eventId: p.eventId,
				marshalId: p.marshalId,
				createdAt: p.createdAt,
				deletedAt: AT
			});
			expect(await store.listPhotos(p.eventId)).toEqual([
				{ id: kept.id, createdAt: kept.createdAt }
			]);
			expect(await store.findPhoto(kept.eventId, kept.id)).not.toBeNull();
		});

		it('keeps a deleted id taken, so its bytes cannot be stored again', async () => {
			const { store } = await fresh();
			const p = photo();
			await store.putPhoto(p);
			await store.deletePhoto(p.eventId, p.id, AT);
			expect(await store.putPhoto(p)).toBe('exists');
			expect(await store.putPhoto({ ...p, marshalId: 'marshal-8' })).toBe('conflict');
			expect(await store.findPhoto(p.eventId, p.id)).toBeNull();
			expect(await store.listPhotos(p.eventId)).toEqual([]);
		});

		it('answers false and records nothing for an id never stored', async () => {
			const { store } = await fresh();
			const id = crypto.randomUUID();
			expect(await store.deletePhoto('pride-2025', id, AT)).toBe(false);
			expect(await store.findDeletedPhoto('pride-2025', id)).toBeNull();
		});
	});
}
