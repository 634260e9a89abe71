/** A small night for fold tests: three marshals, two incidents, and steps to add. */
import type { LngLat } from '$lib/shared/geo';
import {
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';

export const ORG: Actor = { role: 'organiser', id: 'org-1' };
export const AROHA: Actor = { role: 'marshal', id: 'marshal-aroha' };
export const SIONE: Actor = { role: 'marshal', id: 'marshal-sione' };
const T0 = Date.parse('2026-02-14T06:00:00.000Z');
export const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
export const SPOT: LngLat = [174.77571234, -41.29163457];
export const BRIEF = {
	category: 'hate-assault',
	severity: 4,
	reportedAt: at(6),
	sectorId: 'cuba',
	position: SPOT,
	description: 'Man cut on the arm outside the takeaway'
} as const;

export type Step = { [T in JournalEventType]: [T, JournalData<T>, Actor?] }[JournalEventType];

/** Numbers and validates events: seq and minute advance together from `first`. */
export function numbered(steps: Step[], first = 1): JournalEvent[] {
	return steps.map(([type, data, actor = ORG], i) =>
		JournalEventSchema.parse({
			seq: first + i,
			id: `e-${first + i}`,
			type,
			at: at(first + i),
			actor,
			data
		})
	) as JournalEvent[];
}

/** Aroha and Sione on shift, Kai off shift; inc-1 (Sione's, precise) and inc-2 (words only). */
export const WORLD: Step[] = [
	['marshal:added', { marshalId: 'marshal-aroha', displayName: 'Aroha', sectorId: 'cuba' }],
	['marshal:added', { marshalId: 'marshal-sione', displayName: 'Sione', sectorId: 'cuba' }],
	['marshal:added', { marshalId: 'marshal-kai', displayName: 'Kai', sectorId: null }],
	['marshal:shift-started', { marshalId: 'marshal-aroha' }, AROHA],
	['marshal:shift-started', { marshalId: 'marshal-sione' }, SIONE],
	[
		'incident:reported',
		{
			incidentId: 'inc-1',
			category: 'hate-assault',
			severity: 4,
			position: SPOT,
			description: BRIEF.description,
			onBehalf: true,
			sectorId: 'cuba'
		},
		SIONE
	],
	[
		'incident:reported',
		{
			incidentId: 'inc-2',
			category: 'disorder',
			severity: 2,
			description: 'Bottles thrown near the fountain',
			onBehalf: false,
			sectorId: null
		},
		{ role: 'public' }
	]
];

/** The world, then `steps`; returns the fold and the events after the world. */
export function run(...steps: Step[]) {
	const events = numbered([...WORLD, ...steps]);
	return { state: applyAll(emptyState('ev'), events), events: events.slice(WORLD.length) };
}

export const offer = (jobId: string, marshalId: string, incidentId = 'inc-1'): Step => [
	'job:offered',
	{ jobId, incidentId, marshalId, respondBy: at(90), brief: BRIEF }
];
export const move = (type: JournalEventType, jobId = 'job-1', actor: Actor = AROHA): Step => {
	const extra: Record<string, object> = {
		'job:declined': { reason: 'Already walking someone home' },
		'job:resolved': { outcome: 'Walked them to the taxi rank' },
		'job:withdrawn': { reason: 'Police took over' }
	};
	return [type, { jobId, ...(extra[type] ?? {}) }, actor] as Step;
};
