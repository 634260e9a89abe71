import { join } from 'node:path';
import { openRedisStore } from './redis/redis-store';
import { sealedStore } from './sealed-store';
import { openSqliteStore } from './sqlite/sqlite-store';
import type { Store } from './types';

/**
 * Redis when a URL is configured (several processes, one shared journal), else one SQLite
 * file; either way escort positions are sealed on the way in (decision 10).
 */
export function openStore(opts: { dataDir: string; redisUrl?: string; keyPrefix?: string }): Store {
	if (opts.redisUrl) {
		return sealedStore(openRedisStore({ url: opts.redisUrl, keyPrefix: opts.keyPrefix }));
	}
	return sealedStore(openSqliteStore({ file: join(opts.dataDir, 'haven.sqlite') }));
}
