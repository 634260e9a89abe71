import type { JournalEventType } from '$lib/shared/journal';

/**
 * The only journal event types the public may ever receive; everything about incidents,
 * marshals and phones is not. Written out, not taken from the views the tests check.
 */
export const PUBLIC_TYPES = [
	'event:configured',
	'route:set',
	'sector:set',
	'zone:set',
	'zone:status-set',
	'advisory:posted',
	'advisory:withdrawn'
] as const satisfies readonly JournalEventType[];
export const PUBLIC_ALLOWED: ReadonlySet<JournalEventType> = new Set(PUBLIC_TYPES);
export const NEVER_PUBLIC = /^(incident|marshal|device):/;
