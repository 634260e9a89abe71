/**
 * An open record's timeline: the lines the server had when the record asked
 * (`incident:timeline`) together with the lines this page has folded in since, one per
 * journal event, oldest first. Pure.
 */
import type { TimelineEntry } from '$lib/shared/model';

export function mergeTimelines(
	fetched: readonly TimelineEntry[],
	local: readonly TimelineEntry[]
): TimelineEntry[] {
	if (fetched.length === 0) return [...local];
	const bySeq = new Map<number, TimelineEntry>();
	for (const line of fetched) bySeq.set(line.seq, line);
	for (const line of local) if (!bySeq.has(line.seq)) bySeq.set(line.seq, line);
	return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
