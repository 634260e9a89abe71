/**
 * The control page bench's night: 5,000 incidents as journal events, spread over the event's
 * sectors in a mix of states, severities and categories. Deterministic, so every run seeds the
 * same night.
 */
import type { LngLat } from '$lib/shared/geo';
import { pointInRing } from '$lib/shared/geo';
import type { NewJournalEvent } from '$lib/shared/journal';
import { INCIDENT_CATEGORIES, type IncidentState } from '$lib/shared/model';

/** Share of incidents by state: a busy night, most of it already handled. */
const STATE_MIX: [IncidentState, number][] = [
	['reported', 0.03],
	['acknowledged', 0.08],
	['dispatched', 0.06],
	['on-scene', 0.04],
	['resolved', 0.6],
	['cancelled', 0.1],
	['duplicate', 0.05],
	['referred', 0.04]
];
/** How an incident gets from reported to each state, through allowed transitions. */
const PATHS: Record<IncidentState, IncidentState[]> = {
	reported: [],
	acknowledged: ['acknowledged'],
	dispatched: ['dispatched'],
	'on-scene': ['acknowledged', 'on-scene'],
	resolved: ['acknowledged', 'resolved'],
	cancelled: ['cancelled'],
	duplicate: ['duplicate'],
	referred: ['acknowledged', 'referred']
};

/** A small deterministic generator, so every run seeds the same night. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

type Sector = { id: string; ring: LngLat[] };

/** The incidents of the night, as journal events: reports, then state changes. */
export function incidentEvents(
	sectors: Sector[],
	reporters: string[],
	count: number,
	now = Date.now()
): Omit<NewJournalEvent, 'id'>[] {
	const rnd = random(20260601);
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
	const lngs = sectors.flatMap((s) => s.ring.map((p) => p[0]));
	const lats = sectors.flatMap((s) => s.ring.map((p) => p[1]));
	const [w, e, south, north] = [
		Math.min(...lngs),
		Math.max(...lngs),
		Math.min(...lats),
		Math.max(...lats)
	];
	const span = 5 * 60 * 60_000;
	const reports: Omit<NewJournalEvent, 'id'>[] = [];
	const changes: Omit<NewJournalEvent, 'id'>[] = [];
	for (let i = 0; i < count; i++) {
		const incidentId = `bench-incident-${String(i).padStart(5, '0')}`;
		const reportedAt = now - span + Math.floor((i / count) * span);
		const withPosition = rnd() > 0.04;
		const position: LngLat = [
			Number((w + rnd() * (e - w)).toFixed(6)),
			Number((south + rnd() * (north - south)).toFixed(6))
		];
		const sectorId = withPosition
			? (sectors.find((s) => pointInRing(position, s.ring))?.id ?? null)
			: pick(sectors).id;
		const hasText = !withPosition || rnd() > 0.4;
		reports.push({
			type: 'incident:reported',
			at: new Date(reportedAt).toISOString(),
			actor: { role: 'marshal', id: pick(reporters) },
			data: {
				incidentId,
				category: pick(INCIDENT_CATEGORIES),
				severity: 1 + Math.floor(rnd() * 4),
				onBehalf: rnd() < 0.2,
				sectorId,
				...(withPosition ? { position } : {}),
				...(hasText ? { description: `Bench report ${i}: near the stage, needs a look.` } : {})
			}
		});
		let r = rnd();
		const [state] = STATE_MIX.find(([, share]) => (r -= share) < 0) ?? STATE_MIX[4];
		let from: IncidentState = 'reported';
		PATHS[state].forEach((to, step) => {
			changes.push({
				type: 'incident:state-changed',
				at: new Date(reportedAt + (step + 1) * 3 * 60_000).toISOString(),
				actor: { role: 'organiser', id: 'bench-organiser' },
				data: {
					incidentId,
					from,
					to,
					...(to === 'duplicate' && i > 0
						? { duplicateOf: `bench-incident-${String(i - 1).padStart(5, '0')}` }
						: {})
				}
			});
			from = to;
		});
	}
	return [...reports, ...changes];
}
