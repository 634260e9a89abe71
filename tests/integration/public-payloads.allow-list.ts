/**
 * Everything the public may receive, as schemas: journal batches of the allow-listed event
 * types only, each with exactly its fields and a role-only actor (never a marshals-only
 * advisory), and its own escort's status. Anything else on a visitor's wire fails
 * public-payloads.test.ts. Written out here and in tests/support/public-types.ts, not taken from
 * the views, so the test does not trust the code it checks.
 */
import { z } from 'zod';
import { EscortStatus } from '$lib/shared/escort';
import { JOURNAL_EVENTS } from '$lib/shared/journal';
import { PUBLIC_TYPES } from '../support/public-types';

const PublicActor = z.strictObject({ role: z.enum(['organiser', 'marshal', 'public', 'system']) });
const envelope = (type: (typeof PUBLIC_TYPES)[number]) =>
	z.strictObject({
		seq: z.number().int().positive(),
		id: z.string(),
		type: z.literal(type),
		at: z.iso.datetime(),
		actor: PublicActor,
		data: z.strictObject(JOURNAL_EVENTS[type].shape)
	});
const PublicEvent = z
	.discriminatedUnion('type', [
		envelope('event:configured'),
		envelope('route:set'),
		envelope('sector:set'),
		envelope('zone:set'),
		envelope('zone:status-set'),
		envelope('advisory:posted'),
		envelope('advisory:withdrawn')
	])
	.refine((e) => e.type !== 'advisory:posted' || e.data.audience === 'public', {
		message: 'a marshals-only advisory reached the public'
	});
const PublicBatch = z.strictObject({
	prev: z.number().int().nonnegative(),
	events: z.array(PublicEvent)
});
/** Every message the public may receive, by name; anything else fails. */
export const PUBLIC_MESSAGES: Record<string, z.ZodType> = {
	'journal:batch': PublicBatch,
	'escort:status': EscortStatus
};
