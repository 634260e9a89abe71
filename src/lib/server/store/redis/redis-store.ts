import type { JournalEvent } from '$lib/shared/journal';
import { StoreConflictError, type AppendResult, type Store } from '$lib/server/store/types';
import {
	decodeEntry,
	encodeEvent,
	inviteFields,
	organiserFields,
	sessionFields,
	toInvite,
	toOrganiser,
	toPhoto,
	toRecord,
	toSession,
	type StreamEntry
} from './codec';
import {
	closeConnection,
	openBlockingConnection,
	openCommandConnection,
	unavailable
} from './connection';
import { redisEscortKeys } from './escort-keys';
import { redisPhotoDeletions } from './photo-deletions';
import { makeKeys } from './keys';
import { installScripts } from './scripts';
import { RedisTail } from './tail';

const DEFAULT_LIMIT = 1000;
const HEALTH_TIMEOUT_MS = 1000;

export function openRedisStore(opts: { url: string; keyPrefix?: string }): Store {
	const keys = makeKeys(opts.keyPrefix ?? 'haven:');
	const command = openCommandConnection(opts.url);
	const redis = command.redis;
	const scripts = installScripts(redis);

	const readSince = async (
		eventId: string,
		afterSeq: number,
		limit = DEFAULT_LIMIT
	): Promise<JournalEvent[]> => {
		if (limit <= 0) return [];
		const entries = (await unavailable(
			redis.xrange(
				keys.journal(eventId),
				`(${Math.max(0, Math.floor(afterSeq))}-0`,
				'+',
				'COUNT',
				limit
			)
		)) as StreamEntry[];
		return entries.map(decodeEntry);
	};

	const tail = new RedisTail({
		command: redis,
		openBlocking: () => openBlockingConnection(redis).redis,
		journalKey: keys.journal,
		read: readSince
	});

	return {
		kind: 'redis',

		async append(req): Promise<AppendResult> {
			if (req.events.length === 0) throw new TypeError('append needs at least one event');
			const { eventId } = req;
			const appended = unavailable(
				scripts.append(
					[keys.journal(eventId), keys.head(eventId), keys.commands(eventId)],
					req.commandId,
					req.expectedSeq,
					req.events.map(encodeEvent)
				)
			);
			// The index lives in another slot, so it cannot join the script. Sent right behind it
			// on the same connection, it runs after the append without a round trip of its own
			// (that wait was 3 ms of a report's 8 ms ack under the fan-out bench); sent on every
			// append, so a retried command repairs a crash between the two. A conflict means
			// another command appended to the event first, so indexing it then changes nothing.
			const indexed = unavailable(redis.sadd(keys.events, eventId));
			const [[status, value]] = await Promise.all([appended, indexed]);
			if (status === 'conflict') return { status, head: Number(value) };
			const seqs = JSON.parse(value) as number[];
			return status === 'duplicate' ? { status, seqs } : { status: 'appended', seqs };
		},

		async findCommand(eventId, commandId) {
			const seqs = await unavailable(redis.hget(keys.commands(eventId), commandId));
			return seqs === null ? null : (JSON.parse(seqs) as number[]);
		},

		readSince,

		async head(eventId) {
			const value = await unavailable(redis.get(keys.head(eventId)));
			return value === null ? 0 : Number(value);
		},

		subscribe(eventId, afterSeq, listener) {
			return tail.subscribe(eventId, afterSeq, listener);
		},

		async listEvents() {
			return (await unavailable(redis.smembers(keys.events))).sort();
		},

		async createOrganiser(o) {
			const created = await unavailable(
				scripts.create(
					[keys.organiser(o.id), keys.organiserEmail(o.email.toLowerCase())],
					o.id,
					organiserFields(o)
				)
			);
			if (!created) throw new StoreConflictError('redis: organiser id or email exists');
		},

		async findOrganiserByEmail(email) {
			const id = await unavailable(redis.get(keys.organiserEmail(email.toLowerCase())));
			if (id === null) return null;
			return toOrganiser(await unavailable(redis.hgetall(keys.organiser(id))));
		},

		async findOrganiserById(id) {
			return toOrganiser(await unavailable(redis.hgetall(keys.organiser(id))));
		},

		async createSession(s) {
			const created = await unavailable(
				scripts.create([keys.session(s.id), keys.sessionToken(s.tokenHash)], s.id, sessionFields(s))
			);
			if (!created) throw new StoreConflictError('redis: session id or token hash exists');
		},

		async findSessionByTokenHash(tokenHash) {
			const id = await unavailable(redis.get(keys.sessionToken(tokenHash)));
			if (id === null) return null;
			return toSession(await unavailable(redis.hgetall(keys.session(id))));
		},

		async findSessionById(id) {
			return toSession(await unavailable(redis.hgetall(keys.session(id))));
		},

		async revokeSession(id, at) {
			const reply = await unavailable(scripts.revoke(keys.session(id), at));
			return reply ? toSession(toRecord(reply)) : null;
		},

		async createInvite(i) {
			const created = await unavailable(
				scripts.create([keys.invite(i.tokenHash)], i.tokenHash, inviteFields(i))
			);
			if (!created) throw new StoreConflictError('redis: invite exists');
		},

		async findInvite(tokenHash) {
			return toInvite(await unavailable(redis.hgetall(keys.invite(tokenHash))));
		},

		async consumeInvite(tokenHash, at) {
			const atMs = Date.parse(at);
			if (!Number.isFinite(atMs)) return null;
			const reply = await unavailable(scripts.consume(keys.invite(tokenHash), at, atMs));
			return reply ? toInvite(toRecord(reply)) : null;
		},

		async putPhoto(p) {
			const owner = await unavailable(
				scripts.putPhoto(
					[keys.photo(p.eventId, p.id), keys.photos(p.eventId)],
					p,
					Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength)
				)
			);
			if (owner === null) return 'stored';
			return owner === p.marshalId ? 'exists' : 'conflict';
		},

		async findPhoto(eventId, id) {
			// Buffers all the way: a string reply would mangle the image's bytes as UTF-8.
			const raw = await unavailable(redis.hgetallBuffer(keys.photo(eventId, id)));
			return toPhoto(eventId, id, raw);
		},
		...redisPhotoDeletions(redis, keys, scripts),
		...redisEscortKeys(redis, keys),

		async health() {
			// Between reconnect attempts a PING would only sit in the offline queue.
			if (redis.status === 'reconnecting' || redis.status === 'end') {
				return { ok: false, kind: 'redis', detail: command.lastError() ?? redis.status };
			}
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error('ping timed out')), HEALTH_TIMEOUT_MS);
			});
			try {
				await Promise.race([redis.ping(), timeout]);
				return { ok: true, kind: 'redis', detail: 'ok' };
			} catch (err) {
				const reason = command.lastError() ?? (err instanceof Error ? err.message : String(err));
				return { ok: false, kind: 'redis', detail: reason };
			} finally {
				clearTimeout(timer);
			}
		},

		async close() {
			tail.close();
			await closeConnection(redis);
		}
	};
}
