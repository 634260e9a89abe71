import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '$lib/server/store/types';

/**
 * Commands fail fast when Redis is away (a couple of reconnect attempts, then an
 * error the caller maps to 'unavailable'), instead of queueing for ever: the client's
 * outbox re-sends, and the append is idempotent.
 */
const COMMAND_OPTIONS: RedisOptions = {
	maxRetriesPerRequest: 2,
	connectTimeout: 2000,
	commandTimeout: 5000,
	retryStrategy: (times) => Math.min(50 * 2 ** times, 500)
};

export type Connection = { redis: Redis; lastError(): string | null };

function watch(redis: Redis): Connection {
	let last: string | null = null;
	// Without a listener ioredis prints "Unhandled error event" on every failed reconnect.
	// The failures surface to callers as StoreUnavailableError and in health().
	redis.on('error', (err: Error) => {
		last = err.message;
	});
	redis.on('ready', () => {
		last = null;
	});
	return { redis, lastError: () => last };
}

export function openCommandConnection(url: string): Connection {
	return watch(new Redis(url, { ...COMMAND_OPTIONS, connectionName: 'haven-store' }));
}

/**
 * The blocking reader: no command timeout (XREAD BLOCK waits on purpose), commands wait
 * for a reconnect, and an XREAD cut by a disconnect fails instead of being re-sent, so
 * the tail learns its connection (and client id) changed.
 */
export function openBlockingConnection(from: Redis): Connection {
	return watch(
		from.duplicate({
			maxRetriesPerRequest: null,
			commandTimeout: undefined,
			autoResendUnfulfilledCommands: false,
			connectionName: 'haven-tail'
		})
	);
}

export async function unavailable<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		throw new StoreUnavailableError(`redis: ${message}`, { cause: err });
	}
}

/** Polite QUIT when connected; otherwise just drop the socket and stop reconnecting. */
export async function closeConnection(redis: Redis): Promise<void> {
	if (redis.status === 'ready') {
		try {
			await Promise.race([redis.quit(), new Promise((r) => setTimeout(r, 1000).unref())]);
		} catch {
			// Already going away.
		}
	}
	redis.disconnect();
}
