import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EscortKey, Store } from '$lib/server/store/types';
import { unavailable } from './connection';
import type { Keys } from './keys';

type EscortKeyMethods = Pick<
	Store,
	'putEscortKey' | 'findEscortKeys' | 'deleteEscortKey' | 'listEscortKeys'
>;

/** One hash field per escort; a value that does not parse counts as no key (never a crash). */
const Stored = z.object({ k: z.base64(), at: z.iso.datetime() });

function decode(escortId: string, raw: string | null): EscortKey | null {
	if (raw === null) return null;
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch {
		return null;
	}
	const parsed = Stored.safeParse(json);
	if (!parsed.success) return null;
	const key = Buffer.from(parsed.data.k, 'base64');
	return key.length === 32 ? { escortId, key, createdAt: parsed.data.at } : null;
}

/**
 * Escort keys in one hash per event, beside its journal (same hash tag). HDEL removes the
 * key from memory; persistence files (RDB snapshots, AOF) keep it until their next rewrite,
 * which the operator's Redis settings decide (see decision 10).
 */
export function redisEscortKeys(redis: Redis, keys: Keys): EscortKeyMethods {
	return {
		async putEscortKey(eventId, k) {
			const hash = keys.escortKeys(eventId);
			const value = JSON.stringify({ k: k.key.toString('base64'), at: k.createdAt });
			const reply = await unavailable(
				redis.multi().hsetnx(hash, k.escortId, value).hget(hash, k.escortId).exec()
			);
			const stored = decode(k.escortId, (reply?.[1]?.[1] as string | null) ?? null);
			if (!stored) throw new Error(`redis: escort key for ${k.escortId} is unreadable`);
			return stored;
		},
		async findEscortKeys(eventId, escortIds) {
			const found = new Map<string, EscortKey>();
			const ids = [...new Set(escortIds)];
			if (ids.length === 0) return found;
			const values = await unavailable(redis.hmget(keys.escortKeys(eventId), ...ids));
			ids.forEach((id, i) => {
				const key = decode(id, values[i]);
				if (key) found.set(id, key);
			});
			return found;
		},
		async deleteEscortKey(eventId, escortId) {
			return (await unavailable(redis.hdel(keys.escortKeys(eventId), escortId))) > 0;
		},
		async listEscortKeys(eventId) {
			const all = await unavailable(redis.hgetall(keys.escortKeys(eventId)));
			return Object.entries(all)
				.map(([escortId, raw]) => ({ escortId, createdAt: decode(escortId, raw)?.createdAt }))
				.filter((k): k is { escortId: string; createdAt: string } => k.createdAt !== undefined)
				.sort((a, b) => (a.escortId < b.escortId ? -1 : 1));
		}
	};
}
