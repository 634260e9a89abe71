/**
 * The open record's full timeline. Snapshots come without timelines (see organiserState in
 * $lib/shared/views), so the record asks the server for the incident's lines when it opens,
 * and again whenever the incident changes (which also covers lines missed while the page was
 * disconnected); lines folded in meanwhile show at once, merged by journal seq.
 */
import type { Incident, TimelineEntry } from '$lib/shared/model';
import type { Ask } from './actions';
import { mergeTimelines } from './timeline';

/** How soon to ask again after "not connected" or no answer. */
const RETRY_MS = 2000;

export function useRecordTimeline(incident: () => Incident | null, query: Ask) {
	let fetched = $state<{ incidentId: string; lines: TimelineEntry[] } | null>(null);
	let error = $state<string | null>(null);
	let attempt = $state(0);
	// The incident's id and version only: other incidents changing must not refetch this one.
	const key = $derived.by(() => {
		const i = incident();
		return i ? { id: i.id, version: `${i.updatedAt}|${i.timeline.length}` } : null;
	});
	const wanted = $derived(key?.id ?? null);
	const version = $derived(key?.version ?? null);

	$effect(() => {
		const incidentId = wanted;
		void version;
		void attempt;
		if (!incidentId) return;
		let stale = false;
		let retry: ReturnType<typeof setTimeout> | undefined;
		void query('incident:timeline', { incidentId }).then((ack) => {
			if (stale) return;
			if (ack.ok) {
				fetched = { incidentId, lines: ack.timeline };
				error = null;
			} else {
				error = ack.message;
				if (ack.code === 'unavailable') retry = setTimeout(() => attempt++, RETRY_MS);
			}
		});
		return () => {
			stale = true;
			clearTimeout(retry);
		};
	});

	return {
		get lines(): TimelineEntry[] {
			const i = incident();
			if (!i) return [];
			return mergeTimelines(fetched?.incidentId === i.id ? fetched.lines : [], i.timeline);
		},
		/** True until the server's lines for the open incident have arrived. */
		get loading(): boolean {
			const i = incident();
			return !!i && fetched?.incidentId !== i.id;
		},
		get error(): string | null {
			return error;
		}
	};
}
