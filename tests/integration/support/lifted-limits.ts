import type * as RateLimits from '$lib/server/security/rate-limits';

/*
 * A session may send 30 commands per 10 s (and an IP 300): the fuzzer sends thousands in
 * seconds, so with the real budgets nearly every payload would be answered 'rate-limited'
 * before its schema saw it. A fuzz test file lifts the command budgets for itself only, with
 *
 *   vi.mock('$lib/server/security/rate-limits', async (importOriginal) =>
 *     (await import('./support/lifted-limits')).liftCommandLimits(await importOriginal())
 *   );
 *
 * and everything else (handshake, connection budget, validation, services, store) stays
 * the production code. This module must not import the rate limits itself (types only).
 */
export function liftCommandLimits(original: typeof RateLimits): typeof RateLimits {
	const lifted = { points: 1_000_000, durationSeconds: 1 };
	return {
		...original,
		COMMAND_LIMITS: { perSession: lifted, perIp: lifted },
		ESCORT_LIMITS: { perDevice: lifted, perIp: lifted }
	};
}
