import { distanceMetres } from '$lib/shared/geo';
import type { Marshal, MarshalStatus } from '$lib/shared/model';
import type { ErrorCode, MarshalPosition, QueryResult } from '$lib/shared/protocol';
import type { PresenceStore } from '../store/presence/types';
import type { EventRuntime } from './event-runtime';

export type Suggestion = QueryResult<'dispatch:suggest'>['suggestions'][number];

export type SuggestOutcome =
	| { ok: true; result: QueryResult<'dispatch:suggest'> }
	| { ok: false; code: ErrorCode; message: string };

/** Who is asked first: free marshals, then those on a break, then those already on a job. */
const GROUP_ORDER: Record<Exclude<MarshalStatus, 'off-shift'>, number> = {
	available: 0,
	'on-break': 1,
	'on-job': 2
};

type Candidate = Suggestion & { group: number };

/**
 * Which marshals the control room could send to an incident. Every marshal on shift is
 * a candidate, ranked by status group (available, on break, on a job) and within it by
 * straight-line distance from the incident; a marshal without a fresh position, or any
 * marshal when the incident has no position, has a null distance and comes last in
 * the group (then by id, so the answer is stable).
 *
 * It reads every fresh position (`all`) rather than asking the store for the nearest
 * few: the ranking is by status before distance, so the nearest few may all be busy,
 * and each suggestion needs its `lastSeenAt` anyway. An event has at most a few thousand
 * marshals, so the distances are computed here in well under a millisecond.
 */
export class DispatchService {
	constructor(
		private readonly deps: {
			presence: PresenceStore;
			runtime(eventId: string): Promise<EventRuntime>;
		}
	) {}

	async suggest(eventId: string, incidentId: string, limit: number): Promise<SuggestOutcome> {
		const runtime = await this.deps.runtime(eventId);
		if (!runtime.state.incidents[incidentId]) {
			return { ok: false, code: 'not-found', message: 'No such incident.' };
		}
		const positions = await this.deps.presence.all(eventId);
		// The state after the read, so a shift that ended meanwhile is not suggested.
		const { incidents, marshals } = runtime.state;
		const from = incidents[incidentId]?.position;
		const seen = new Map<string, MarshalPosition>(positions.map((p) => [p.marshalId, p]));

		const candidates: Candidate[] = [];
		for (const m of Object.values(marshals)) {
			if (m.status === 'off-shift') continue;
			const p = seen.get(m.id);
			candidates.push({
				marshalId: m.id,
				status: m.status,
				group: GROUP_ORDER[m.status as Exclude<Marshal['status'], 'off-shift'>],
				distanceMetres: from && p ? Math.round(distanceMetres(from, p.position)) : null,
				lastSeenAt: p?.at ?? null
			});
		}
		candidates.sort(rank);
		const suggestions = candidates
			.slice(0, limit)
			.map(({ marshalId, distanceMetres, status, lastSeenAt }) => ({
				marshalId,
				distanceMetres,
				status,
				lastSeenAt
			}));
		return { ok: true, result: { suggestions } };
	}
}

function rank(a: Candidate, b: Candidate): number {
	if (a.group !== b.group) return a.group - b.group;
	if (a.distanceMetres !== b.distanceMetres) {
		if (a.distanceMetres === null) return 1;
		if (b.distanceMetres === null) return -1;
		return a.distanceMetres - b.distanceMetres;
	}
	return a.marshalId < b.marshalId ? -1 : a.marshalId > b.marshalId ? 1 : 0;
}
