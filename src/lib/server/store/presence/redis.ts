import type { Redis } from 'ioredis';
import type { LngLat } from '$lib/shared/geo';
import type { MarshalPosition } from '$lib/shared/protocol';
import { closeConnection, openCommandConnection, unavailable } from '../redis/connection';
import {
	byMarshalId,
	cleanPosition,
	positionTime,
	PRESENCE_TTL_MS,
	type Nearby,
	type PresenceOptions,
	type PresenceStore
} from './types';

/**
 * Presence on Redis, shared by every server process of an event. Per event, three keys
 * with one hash tag (so each script stays valid on a Redis Cluster):
 * - `geo`: a GEO set of marshal ids, for GEOSEARCH;
 * - `pos`: a hash of marshal id -> the position as JSON (with `at`);
 * - `seen`: a sorted set of marshal id -> `at` in epoch ms, to find and prune stale entries.
 * Every put refreshes the keys' expiry to the time-to-live, so an abandoned event's keys go.
 */

/** Redis measures GEO distances on a sphere of this radius (geohash_helper.c); ours is the mean radius. */
const REDIS_EARTH_RADIUS_M = 6372797.560856;
const OUR_EARTH_RADIUS_M = 6_371_008.8;
const TO_REDIS = REDIS_EARTH_RADIUS_M / OUR_EARTH_RADIUS_M;

/** The first search radius: GEOSEARCH costs grow with the points inside it, so start small. */
const FIRST_RADIUS_M = 250;
const WIDEN_BY = 4;
/** Half the Earth's circumference: every point is within it (and it keeps "Infinity" out of Lua). */
const WHOLE_EARTH_M = 20_040_000;

// KEYS: geo, pos, seen (every script). A helper pasted into the scripts that read.
const PRUNE = `
local function prune(cutoff)
	while true do
		local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. cutoff, 'LIMIT', 0, 500)
		if #stale == 0 then return end
		redis.call('ZREM', KEYS[1], unpack(stale))
		redis.call('HDEL', KEYS[2], unpack(stale))
		redis.call('ZREM', KEYS[3], unpack(stale))
		if #stale < 500 then return end
	end
end
`;

// ARGV: ttl (ms), then for each position: marshal id, lng, lat, position JSON, at (ms).
// In order; a late (older) position loses to the one held.
const PUT = `
local stored = 0
for i = 2, #ARGV, 5 do
	local id, at = ARGV[i], tonumber(ARGV[i + 4])
	local held = redis.call('ZSCORE', KEYS[3], id)
	if not (held and tonumber(held) > at) then
		redis.call('GEOADD', KEYS[1], ARGV[i + 1], ARGV[i + 2], id)
		redis.call('HSET', KEYS[2], id, ARGV[i + 3])
		redis.call('ZADD', KEYS[3], at, id)
		stored = stored + 1
	end
end
if stored > 0 then
	for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
end
return stored
`;

// ARGV: cutoff (ms).
const ALL = `${PRUNE}
prune(ARGV[1])
return redis.call('HVALS', KEYS[2])
`;

// ARGV: cutoff (ms), lng, lat, limit, largest radius, first radius (metres on Redis's sphere).
// Widens the radius until it holds `limit` members or reaches the largest: one round trip.
const NEAREST = `${PRUNE}
prune(ARGV[1])
local limit = tonumber(ARGV[4])
local max = tonumber(ARGV[5])
local r = math.min(max, tonumber(ARGV[6]))
while true do
	local found = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', ARGV[2], ARGV[3],
		'BYRADIUS', r, 'm', 'ASC', 'COUNT', limit, 'WITHDIST')
	if #found >= limit or r >= max then return found end
	r = math.min(max, r * ${WIDEN_BY})
end
`;

type Script = (...args: (string | number)[]) => Promise<unknown>;

function scripts(redis: Redis) {
	redis.defineCommand('havenPresencePut', { numberOfKeys: 3, lua: PUT });
	redis.defineCommand('havenPresenceAll', { numberOfKeys: 3, lua: ALL });
	redis.defineCommand('havenPresenceNearest', { numberOfKeys: 3, lua: NEAREST });
	const fn = (name: string) => (redis as unknown as Record<string, Script>)[name].bind(redis);
	return {
		put: fn('havenPresencePut'),
		all: fn('havenPresenceAll'),
		nearest: fn('havenPresenceNearest')
	};
}

export function openRedisPresence(
	opts: PresenceOptions & { url: string; keyPrefix: string }
): PresenceStore {
	const ttlMs = opts.ttlMs ?? PRESENCE_TTL_MS;
	const now = opts.now ?? Date.now;
	const { redis } = openCommandConnection(opts.url);
	const run = scripts(redis);
	const keysOf = (eventId: string) => {
		const base = `${opts.keyPrefix}{${eventId}}:presence`;
		return [`${base}:geo`, `${base}:pos`, `${base}:seen`] as const;
	};

	const putMany: PresenceStore['putMany'] = async (eventId, ps) => {
		const times = ps.map(positionTime);
		const cutoff = now() - ttlMs;
		const args: (string | number)[] = [];
		ps.forEach((p, i) => {
			if (times[i] < cutoff) return;
			const [lng, lat] = p.position;
			const json = JSON.stringify(cleanPosition(p));
			args.push(p.marshalId, String(lng), String(lat), json, times[i]);
		});
		if (args.length === 0) return;
		await unavailable(run.put(...keysOf(eventId), ttlMs, ...args));
	};

	return {
		kind: 'redis',

		put: (eventId, p) => putMany(eventId, [p]),
		putMany,

		async all(eventId) {
			const cutoff = now() - ttlMs;
			const values = (await unavailable(run.all(...keysOf(eventId), cutoff))) as string[];
			return values
				.map((v) => JSON.parse(v) as MarshalPosition)
				.filter((p) => Date.parse(p.at) >= cutoff)
				.map(cleanPosition)
				.sort(byMarshalId);
		},

		async remove(eventId, marshalId) {
			const [geo, pos, seen] = keysOf(eventId);
			await unavailable(
				redis.multi().zrem(geo, marshalId).hdel(pos, marshalId).zrem(seen, marshalId).exec()
			);
		},

		async nearest(eventId, point: LngLat, { limit, maxMetres }) {
			if (limit < 1 || !(maxMetres > 0)) return [];
			const found = (await unavailable(
				run.nearest(
					...keysOf(eventId),
					now() - ttlMs,
					String(point[0]),
					String(point[1]),
					Math.floor(limit),
					Math.min(maxMetres, WHOLE_EARTH_M) * TO_REDIS,
					FIRST_RADIUS_M * TO_REDIS
				)
			)) as [string, string][];
			const out: Nearby[] = [];
			for (const [marshalId, dist] of found) {
				const distanceMetres = Number(dist) / TO_REDIS;
				if (distanceMetres <= maxMetres) out.push({ marshalId, distanceMetres });
			}
			return out;
		},

		async close() {
			await closeConnection(redis);
		}
	};
}
