import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Limiter, RateLimitRule } from './rate-limits';

/** Only what the command path needs: no shared count to report, as it is not waited for. */
export type CommandLimiter = Pick<Limiter, 'take' | 'refund'>;

/** Keys refused by the shared count are few; past this many, expired ones are dropped. */
const MAX_BLOCKED = 10_000;

/**
 * A limiter for the command path that answers without waiting for Redis (decision 14).
 *
 * Each command used to wait for a Redis round trip to the shared count before its append
 * script's own round trip: a third of Haven's fixed cost per report under load. Here this
 * process's own count answers at once, so a burst from one socket (which lives on one
 * process) is cut at exactly the budget, as before. The shared count in Redis is still
 * charged for every allowed take, in the background; when it says a key is over budget
 * (a session with tabs on two processes, or a venue's IP across processes), the key is
 * refused here until the shared window ends. So across processes the limit holds to within
 * the takes that arrive during one round trip, never more than one window late.
 *
 * Embedded (no Redis), it is a plain memory limiter.
 */
export function createLocalFirstLimiter(
	name: string,
	rule: RateLimitRule,
	redis?: Redis,
	keyPrefix = 'haven:'
): CommandLimiter {
	const opts = {
		keyPrefix: `${keyPrefix}rl:${name}`,
		points: rule.points,
		duration: rule.durationSeconds
	};
	const local = new RateLimiterMemory(opts);
	const shared = redis ? new RateLimiterRedis({ ...opts, storeClient: redis }) : null;
	/** Key -> epoch ms until which the shared count has it over budget. */
	const blockedUntil = new Map<string, number>();

	const block = (key: string, ms: number) => {
		if (blockedUntil.size >= MAX_BLOCKED) {
			const now = Date.now();
			for (const [k, until] of blockedUntil) if (until <= now) blockedUntil.delete(k);
			// Still full of live blocks: forget the oldest rather than grow without bound.
			if (blockedUntil.size >= MAX_BLOCKED) blockedUntil.delete(blockedUntil.keys().next().value!);
		}
		blockedUntil.set(key, Date.now() + ms);
	};

	const sharedSaysBlocked = (key: string) => {
		const until = blockedUntil.get(key);
		if (until === undefined) return false;
		if (until > Date.now()) return true;
		blockedUntil.delete(key);
		return false;
	};

	const chargeShared = (key: string) => {
		shared?.consume(key).then(
			() => {},
			(err: unknown) => {
				if (err instanceof RateLimiterRes) block(key, err.msBeforeNext);
				// Otherwise Redis failed: this process's own count keeps limiting meanwhile.
			}
		);
	};

	return {
		async take(key) {
			if (sharedSaysBlocked(key)) return false;
			try {
				await local.consume(key);
			} catch {
				// A memory limiter only rejects with "over budget".
				return false;
			}
			chargeShared(key);
			return true;
		},
		async refund(key) {
			await Promise.all(
				[local, shared].map((l) =>
					l?.reward(key, 1).catch(() => {
						// Best effort: a lost refund only makes the limit a little stricter.
					})
				)
			);
		}
	};
}
