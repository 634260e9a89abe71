import type { Redis } from 'ioredis';
import type { DeletedPhoto, Store } from '$lib/server/store/types';
import { unavailable } from './connection';
import type { Keys } from './keys';
import type { Scripts } from './scripts';

type PhotoDeletionMethods = Pick<Store, 'deletePhoto' | 'findDeletedPhoto' | 'listPhotos'>;

/**
 * Deleting photos after the retention period (decision 13). One script drops the bytes from
 * the photo's hash (HDEL) and its entry in the event's photo index, and keeps who sent it and
 * when. As with escort keys, persistence files keep the bytes until their next rewrite.
 */
export function redisPhotoDeletions(
	redis: Redis,
	keys: Keys,
	scripts: Scripts
): PhotoDeletionMethods {
	return {
		async deletePhoto(eventId, id, at) {
			return unavailable(
				scripts.deletePhoto([keys.photo(eventId, id), keys.photos(eventId)], id, at)
			);
		},
		async findDeletedPhoto(eventId, id) {
			const raw = await unavailable(
				redis.hmget(keys.photo(eventId, id), 'marshalId', 'createdAt', 'deletedAt')
			);
			const [marshalId, createdAt, deletedAt] = raw;
			if (!marshalId || !createdAt || !deletedAt) return null;
			return { id, eventId, marshalId, createdAt, deletedAt } satisfies DeletedPhoto;
		},
		async listPhotos(eventId) {
			const all = await unavailable(redis.hgetall(keys.photos(eventId)));
			return Object.entries(all)
				.map(([id, createdAt]) => ({ id, createdAt }))
				.sort((a, b) => (a.id < b.id ? -1 : 1));
		}
	};
}
