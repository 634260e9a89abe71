import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix`: what a test file or a bench run wrote, on a Redis that
 * may be shared (REDIS_URL) rather than one it started.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
	const redis = new Redis(url, { lazyConnect: true });
	redis.on('error', () => {});
	try {
		await redis.connect();
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
			cursor = next;
			if (keys.length) await redis.del(...keys);
		} while (cursor !== '0');
	} finally {
		redis.disconnect();
	}
}
