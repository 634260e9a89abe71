import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';

export type RateLimitRule = { points: number; durationSeconds: number };

/** Per device (session) and per IP, so a shared NAT does not lock a whole venue out. */
export const COMMAND_LIMITS = {
	perSession: { points: 30, durationSeconds: 10 },
	perIp: { points: 300, durationSeconds: 10 }
} satisfies Record<string, RateLimitRule>;

/**
 * "Walk with me" requests: a few per device (a visitor may cancel and ask again), more per
 * address (a venue's Wi-Fi is one address for many people). Beyond these a burst is abuse,
 * shown to the control room as one grouped entry (realtime/escort-guard.ts).
 */
export const ESCORT_LIMITS = {
	perDevice: { points: 5, durationSeconds: 10 * 60 },
	perIp: { points: 30, durationSeconds: 10 * 60 }
} satisfies Record<string, RateLimitRule>;

/**
 * Photo uploads: a marshal sends a few an hour; the outbox resends after a lost answer, so
 * allow some repeats, but not a phone (or a stolen cookie) filling the store.
 */
export const PHOTO_LIMITS = {
	perSession: { points: 20, durationSeconds: 10 * 60 }
} satisfies Record<string, RateLimitRule>;

export const CONNECT_LIMITS = {
	perIp: { points: 60, durationSeconds: 10 }
} satisfies Record<string, RateLimitRule>;

export type Limiter = {
	/** True when allowed; false when the key is over its budget. Never throws. */
	take(key: string): Promise<boolean>;
	/**
	 * Like `take`, also saying how many points the key has used in its window (shared by
	 * every process when the limiter is in Redis); 0 when the limiter's store failed.
	 */
	consume(key: string): Promise<{ allowed: boolean; consumed: number }>;
	/** Gives back one point taken by `take` (best effort, never throws). */
	refund(key: string): Promise<void>;
};

/**
 * Both budgets of a command (its session's and its IP's), asked in one round trip: the two
 * takes run together. A session over its budget does not spend its IP's: that point is given
 * back, so a noisy phone cannot use up its venue's shared budget faster than one at a time.
 */
export async function takeBoth(
	perSession: Pick<Limiter, 'take' | 'refund'>,
	sessionId: string,
	perIp: Pick<Limiter, 'take' | 'refund'>,
	ip: string
): Promise<boolean> {
	const [session, address] = await Promise.all([perSession.take(sessionId), perIp.take(ip)]);
	if (!session && address) await perIp.refund(ip);
	return session && address;
}

/** Memory when embedded, Redis when scaled so every process shares one budget. */
export function createLimiter(
	name: string,
	rule: RateLimitRule,
	redis?: Redis,
	keyPrefix = 'haven:'
): Limiter {
	const opts = {
		keyPrefix: `${keyPrefix}rl:${name}`,
		points: rule.points,
		duration: rule.durationSeconds
	};
	const memory = new RateLimiterMemory(opts);
	const limiter: RateLimiterAbstract = redis
		? new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: memory })
		: memory;
	async function consume(key: string) {
		try {
			const res = await limiter.consume(key);
			return { allowed: true, consumed: res.consumedPoints };
		} catch (err) {
			if (err instanceof RateLimiterRes) return { allowed: false, consumed: err.consumedPoints };
			// The limiter's store failed and the insurance one too: fail open, the
			// store's own errors will surface on the command itself.
			return { allowed: true, consumed: 0 };
		}
	}
	return {
		consume,
		async take(key) {
			return (await consume(key)).allowed;
		},
		async refund(key) {
			try {
				await limiter.reward(key, 1);
			} catch {
				// Best effort: a lost refund only makes the limit a little stricter.
			}
		}
	};
}
