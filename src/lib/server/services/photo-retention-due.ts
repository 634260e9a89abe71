import type { Incident } from '$lib/shared/model';
import type { PhotoListing } from '../store/types';

/** An upload no accepted report took is kept at most this long (or the period, if shorter). */
export const ORPHAN_PHOTO_SECONDS = 24 * 3600;

export type DuePhotos = {
	/** Photos of incidents closed longer ago than the retention period, not yet deleted. */
	attached: { incidentId: string; photoId: string }[];
	/** Stored photos no incident refers to, uploaded long enough ago. */
	orphans: string[];
};

/**
 * Which photos are due for deletion at `now`. Attached photos count from the incident's
 * `closedAt`, so an open incident keeps its photo however old it is. An orphan counts from its
 * upload: a report may still be on its way from a phone that lost signal, but not for a day.
 */
export function duePhotos(opts: {
	incidents: Iterable<Incident>;
	stored: readonly PhotoListing[];
	now: number;
	retentionSeconds: number;
}): DuePhotos {
	const { now, retentionSeconds } = opts;
	const closedCutoff = now - retentionSeconds * 1000;
	const orphanCutoff = now - Math.min(ORPHAN_PHOTO_SECONDS, retentionSeconds) * 1000;
	const attachedIds = new Set<string>();
	const attached: DuePhotos['attached'] = [];
	for (const i of opts.incidents) {
		if (!i.photoId) continue;
		attachedIds.add(i.photoId);
		if (i.photoDeletedAt || !i.closedAt || Date.parse(i.closedAt) > closedCutoff) continue;
		attached.push({ incidentId: i.id, photoId: i.photoId });
	}
	const orphans = opts.stored
		.filter((p) => !attachedIds.has(p.id) && Date.parse(p.createdAt) <= orphanCutoff)
		.map((p) => p.id);
	return { attached, orphans };
}
