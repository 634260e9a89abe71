import type { Advisory } from './model';

/**
 * Shown now: neither withdrawn nor past its expiry. Kept apart from the schemas in
 * model.ts so the attendee's page can use it without loading zod.
 */
export const isAdvisoryActive = (a: Advisory, now: Date): boolean =>
	a.withdrawnAt === null && Date.parse(a.expiresAt) > now.getTime();
