import { openMemoryPresence } from './memory';
import { openRedisPresence } from './redis';
import type { PresenceOptions, PresenceStore } from './types';

export type { PresenceStore } from './types';

/** Redis when a URL is configured (every process sees every marshal), else this process's memory. */
export function openPresence(
	opts: PresenceOptions & { redisUrl?: string; keyPrefix: string }
): PresenceStore {
	const { redisUrl, keyPrefix, ...rest } = opts;
	if (redisUrl) return openRedisPresence({ ...rest, url: redisUrl, keyPrefix });
	return openMemoryPresence(rest);
}
