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

export const CONNECT_LIMITS = {
	perIp: { points: 60, durationSeconds: 10 }
} satisfies Record<string, RateLimitRule>;

export type Limiter = {
	/** True when allowed; false when the key is over its budget. Never throws. */
	take(key: string): Promise<boolean>;
};

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
	return {
		async take(key) {
			try {
				await limiter.consume(key);
				return true;
			} catch (err) {
				if (err instanceof RateLimiterRes) return false;
				// The limiter's store failed and the insurance one too: fail open, the
				// store's own errors will surface on the command itself.
				return true;
			}
		}
	};
}
