import { join } from 'node:path';
import { openRedisStore } from './redis/redis-store';
import { openSqliteStore } from './sqlite/sqlite-store';
import type { Store } from './types';

/** Redis when a URL is configured (several processes, one shared journal), else one SQLite file. */
export function openStore(opts: { dataDir: string; redisUrl?: string; keyPrefix?: string }): Store {
	if (opts.redisUrl) return openRedisStore({ url: opts.redisUrl, keyPrefix: opts.keyPrefix });
	return openSqliteStore({ file: join(opts.dataDir, 'haven.sqlite') });
}
