import { isAdvisoryActive } from '$lib/shared/advisory-rules';
import type { Advisory } from '$lib/shared/model';

/**
 * Milliseconds from `now` until the next advisory in force expires, or null if none will.
 * The page wakes up exactly then, so an advisory drops at its expiry, not up to a clock tick later.
 */
export function msUntilNextExpiry(advisories: readonly Advisory[], now: Date): number | null {
	let next: number | null = null;
	for (const a of advisories) {
		if (!isAdvisoryActive(a, now)) continue;
		const ms = Date.parse(a.expiresAt) - now.getTime();
		if (next === null || ms < next) next = ms;
	}
	return next;
}
