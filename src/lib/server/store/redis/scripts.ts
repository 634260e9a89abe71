import type { Redis } from 'ioredis';

/**
 * The Lua scripts that make multi-key changes atomic. Each runs as one unit on the
 * server, so no other client can see or interleave with a half-done change.
 * Redis does not roll a script back if a command inside it fails, so each script checks
 * everything it can before its first write.
 */

// KEYS: journal stream, head counter, command hash.
// ARGV: command id, expected seq ('' for none), then one encoded event per argument.
const APPEND = `
local prior = redis.call('HGET', KEYS[3], ARGV[1])
if prior then return {'duplicate', prior} end
local head = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= head then
	return {'conflict', string.format('%d', head)}
end
local n = #ARGV - 2
local seqs = {}
for i = 1, n do
	seqs[i] = string.format('%d', head + i)
	redis.call('XADD', KEYS[1], seqs[i] .. '-0', 'e', ARGV[2 + i])
end
redis.call('INCRBY', KEYS[2], n)
local encoded = '[' .. table.concat(seqs, ',') .. ']'
redis.call('HSET', KEYS[3], ARGV[1], encoded)
return {'appended', encoded}
`;

// KEYS: the record hash, then index keys that must point at it.
// ARGV: the record id, then field/value pairs.
const CREATE = `
for i = 1, #KEYS do
	if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[1]) end
return 1
`;

// KEYS: the session hash. ARGV: revoked-at time. The first revocation time is kept.
const REVOKE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`;

// KEYS: the invite hash. ARGV: used-at time, used-at in epoch ms.
const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if redis.call('HEXISTS', KEYS[1], 'usedAt') == 1 then return false end
local expires = tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs'))
if not expires or tonumber(ARGV[2]) >= expires then return false end
redis.call('HSET', KEYS[1], 'usedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`;

// KEYS: the photo hash, the event's photo index. ARGV: marshal id, content type, created at,
// bytes, photo id. Creates it once; an existing photo (a deleted one too) answers with its
// owner, so the caller can tell a resend by the same marshal from someone else's id.
const PUT_PHOTO = `
local owner = redis.call('HGET', KEYS[1], 'marshalId')
if owner then return owner end
redis.call('HSET', KEYS[1], 'marshalId', ARGV[1], 'contentType', ARGV[2], 'createdAt', ARGV[3], 'bytes', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[5], ARGV[3])
return false
`;

// KEYS: the photo hash, the event's photo index. ARGV: deleted at, photo id.
// Drops the bytes and keeps who sent it and when; 1 if there were bytes.
const DELETE_PHOTO = `
redis.call('HDEL', KEYS[2], ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'bytes') == 0 then return 0 end
redis.call('HDEL', KEYS[1], 'bytes', 'contentType')
redis.call('HSET', KEYS[1], 'deletedAt', ARGV[1])
return 1
`;

type Script = (...args: (string | number | Buffer)[]) => Promise<unknown>;

export type Scripts = {
	append(
		keys: [journal: string, head: string, commands: string],
		commandId: string,
		expectedSeq: number | null,
		encodedEvents: string[]
	): Promise<[status: string, value: string]>;
	/** False when the record or one of its index keys exists already. */
	create(keys: string[], id: string, fields: string[]): Promise<boolean>;
	revoke(session: string, at: string): Promise<string[] | null>;
	consume(invite: string, at: string, atMs: number): Promise<string[] | null>;
	/** Null when stored now; otherwise the marshal id the photo already belongs to. */
	putPhoto(
		keys: [photo: string, index: string],
		photo: { id: string; marshalId: string; contentType: string; createdAt: string },
		bytes: Buffer
	): Promise<string | null>;
	/** True if the photo's bytes were there. */
	deletePhoto(keys: [photo: string, index: string], id: string, at: string): Promise<boolean>;
};

/** defineCommand runs EVALSHA and falls back to EVAL once after a script cache flush. */
export function installScripts(redis: Redis): Scripts {
	redis.defineCommand('havenAppend', { numberOfKeys: 3, lua: APPEND });
	redis.defineCommand('havenCreate', { lua: CREATE });
	redis.defineCommand('havenRevoke', { numberOfKeys: 1, lua: REVOKE });
	redis.defineCommand('havenConsume', { numberOfKeys: 1, lua: CONSUME });
	redis.defineCommand('havenPutPhoto', { numberOfKeys: 2, lua: PUT_PHOTO });
	redis.defineCommand('havenDeletePhoto', { numberOfKeys: 2, lua: DELETE_PHOTO });
	const fn = (name: string) => (redis as unknown as Record<string, Script>)[name].bind(redis);
	const append = fn('havenAppend');
	const create = fn('havenCreate');
	const revoke = fn('havenRevoke');
	const consume = fn('havenConsume');
	const putPhoto = fn('havenPutPhoto');
	const deletePhoto = fn('havenDeletePhoto');
	return {
		append: async (keys, commandId, expectedSeq, events) =>
			(await append(
				...keys,
				commandId,
				expectedSeq === null ? '' : String(expectedSeq),
				...events
			)) as [string, string],
		create: async (keys, id, fields) => (await create(keys.length, ...keys, id, ...fields)) === 1,
		revoke: async (session, at) => (await revoke(session, at)) as string[] | null,
		consume: async (invite, at, atMs) => (await consume(invite, at, atMs)) as string[] | null,
		putPhoto: async (keys, p, bytes) =>
			(await putPhoto(...keys, p.marshalId, p.contentType, p.createdAt, bytes, p.id)) as
				string | null,
		deletePhoto: async (keys, id, at) => (await deletePhoto(...keys, at, id)) === 1
	};
}
