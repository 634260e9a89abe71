import type { JournalEventType } from '$lib/shared/journal';

/** What the public may ever receive; everything about incidents, marshals and phones is not. */
export const PUBLIC_ALLOWED: ReadonlySet<JournalEventType> = new Set([
	'event:configured',
	'route:set',
	'sector:set',
	'zone:set',
	'zone:status-set',
	'advisory:posted',
	'advisory:withdrawn'
]);
export const NEVER_PUBLIC = /^(incident|marshal|device):/;
