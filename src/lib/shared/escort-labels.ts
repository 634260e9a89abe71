/**
 * Words about escorts that the marshal's and attendee's pages show before zod has loaded: this module must
 * stay free of zod (escort.ts re-exports it for everyone else).
 */

/** What the control room and marshals read where a deleted position was. */
export const POSITIONS_DELETED = 'Position deleted after the retention period';

export const DISTANCE_BANDS = ['under-250', '250-500', '500-1000', 'over-1000'] as const;

/** How far the marshal is, in words: bands, never metres (see bandOf in escort.ts). */
export const BAND_LABELS: Record<(typeof DISTANCE_BANDS)[number], string> = {
	'under-250': 'under 250 m',
	'250-500': '250–500 m',
	'500-1000': '500 m–1 km',
	'over-1000': 'over 1 km'
};
