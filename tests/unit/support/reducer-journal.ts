/**
 * The journals the reducer tests fold: a builder that numbers and validates events, the
 * set-up most cases start from (configured, one sector, one zone, one marshal with a phone),
 * and the full journal with every event type at least once, with the payloads its cases
 * share (an escort request and offer, a second incident, a job offer).
 */
import {
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { AROHA, ORG as ORGANISER, SIONE, at } from './fold-fixture';

/** The same organiser, marshals and clock as the fold tests' night. */
export { AROHA, ORGANISER, at };

/** A journal under construction: seq and time advance with every event. */
function journal(first = 1) {
	const events: JournalEvent[] = [];
	const add = <T extends JournalEventType>(type: T, data: JournalData<T>, actor = ORGANISER) => {
		const seq = first + events.length;
		const raw = { seq, id: `e-${seq}`, type, at: at(seq), actor, data };
		events.push(JournalEventSchema.parse(raw) as JournalEvent);
		return api;
	};
	const api = { events, add };
	return api;
}

export const RING: [number, number][] = [
	[174.774, -41.288],
	[174.778, -41.288],
	[174.778, -41.296],
	[174.774, -41.296],
	[174.774, -41.288]
];

/** Setup used by most cases: configured, one sector, one zone, one marshal with a phone. */
const setup = () =>
	journal()
		.add('event:configured', {
			name: 'Test night',
			timezone: 'Pacific/Auckland',
			center: [174.78, -41.29],
			zoom: 15
		})
		.add('sector:set', { sectorId: 'cuba', name: 'Cuba', ring: RING })
		.add('zone:set', {
			zoneId: 'zone-a',
			name: 'First aid',
			kind: 'first-aid',
			position: [174.7787, -41.2922],
			hours: [{ from: '18:00', to: '06:00' }]
		})
		.add('marshal:added', { marshalId: 'marshal-aroha', displayName: 'Aroha', sectorId: 'cuba' })
		.add('device:enrolled', { deviceId: 'dev-1', marshalId: 'marshal-aroha' })
		.add(
			'incident:reported',
			{
				incidentId: 'inc-1',
				category: 'hate-abuse',
				severity: 3,
				position: [174.7757, -41.2916],
				description: 'Group shouting slurs at a couple',
				onBehalf: true,
				sectorId: 'cuba'
			},
			AROHA
		)
		.add('advisory:posted', {
			advisoryId: 'adv-1',
			audience: 'public',
			sectorId: null,
			text: 'Avoid Dixon Street, use Manners Street',
			expiresAt: at(120)
		});

export const base = () => applyAll(emptyState('ev'), setup().events);

/** The full journal: every event type at least once. */
export function everyType() {
	return setup()
		.add('route:set', {
			coordinates: [
				[174.7771, -41.2888],
				[174.7757, -41.2916],
				[174.784, -41.294]
			]
		})
		.add('zone:status-set', { zoneId: 'zone-a', status: 'full', verified: true })
		.add('marshal:added', { marshalId: 'marshal-sione', displayName: 'Sione', sectorId: null })
		.add('marshal:shift-started', { marshalId: 'marshal-aroha' }, AROHA)
		.add('marshal:status-set', { marshalId: 'marshal-aroha', status: 'on-break' }, AROHA)
		.add('incident:state-changed', { incidentId: 'inc-1', from: 'reported', to: 'acknowledged' })
		.add('advisory:posted', {
			advisoryId: 'adv-2',
			audience: 'marshals',
			sectorId: 'cuba',
			text: 'Two marshals to Cuba and Dixon',
			expiresAt: at(60)
		})
		.add('advisory:withdrawn', { advisoryId: 'adv-1' })
		.add('incident:reported', INC_2, { role: 'public' })
		.add('incident:noted', { incidentId: 'inc-1', noteId: 'note-1', text: 'They want a walk home' })
		.add('incident:linked', { incidentId: 'inc-1', otherId: 'inc-2' })
		.add('incident:police-logged', {
			incidentId: 'inc-1',
			entryId: 'police-1',
			kind: 'declined-escort',
			occurredAt: at(10),
			reason: 'No units free'
		})
		.add('job:offered', offer('job-1', 'inc-1', 'marshal-aroha'))
		.add('job:declined', { jobId: 'job-1', reason: 'On my break' }, AROHA)
		.add('incident:escalation-acknowledged', { incidentId: 'inc-1' })
		.add('job:offered', offer('job-2', 'inc-1', 'marshal-sione'))
		.add('job:timed-out', { jobId: 'job-2' }, { role: 'system' })
		.add('job:accepted', { jobId: 'job-2' }, SIONE)
		.add('job:on-scene', { jobId: 'job-2' }, SIONE)
		.add('job:resolved', { jobId: 'job-2', outcome: 'Walked them home' }, SIONE)
		.add('job:offered', offer('job-3', 'inc-2', 'marshal-aroha'))
		.add('job:withdrawn', { jobId: 'job-3', reason: 'Paramedics on scene' })
		.add('escort:requested', ESCORT_REQUEST, { role: 'public' })
		.add('escort:offered', escortOffer(['marshal-aroha', 'marshal-sione'], 0))
		.add('escort:declined', { escortId: 'esc-1', marshalId: 'marshal-sione' }, SIONE)
		.add('escort:unanswered', { escortId: 'esc-1', round: 0 }, { role: 'system' })
		.add('escort:alarm-acknowledged', { escortId: 'esc-1' })
		.add(
			'escort:accepted',
			{ escortId: 'esc-1', marshalId: 'marshal-aroha', codeWord: 'fig wren' },
			AROHA
		)
		.add('escort:walking', { escortId: 'esc-1' }, AROHA)
		.add('escort:arrived', { escortId: 'esc-1' }, AROHA)
		.add('escort:requested', { ...ESCORT_REQUEST, escortId: 'esc-2' }, { role: 'public' })
		.add('escort:cancelled', { escortId: 'esc-2', by: 'visitor' }, { role: 'public' })
		.add('escort:positions-deleted', { escortId: 'esc-2' }, { role: 'system' })
		.add(
			'escort:requests-refused',
			{ groupId: 'grp-1', source: 'device', count: 3, since: at(50) },
			{ role: 'system' }
		)
		.add('escort:refusals-acknowledged', { groupId: 'grp-1' })
		.add('marshal:shift-ended', { marshalId: 'marshal-aroha' }, AROHA)
		.add('device:revoked', { deviceId: 'dev-1', marshalId: 'marshal-aroha' })
		.add('hazard:marked', {
			hazardId: 'hazard-1',
			position: [174.7757, -41.2916],
			radiusMetres: 150,
			text: 'Group following people from the bar',
			expiresAt: at(90)
		})
		.add('advisory:received', { advisoryId: 'adv-2', marshalId: 'marshal-aroha' }, AROHA)
		.add('hazard:cleared', { hazardId: 'hazard-1' })
		.add(
			'incident:photo-deleted',
			{ incidentId: 'inc-2', photoId: INC_2.photoId },
			{ role: 'system' }
		).events;
}

const ESCORT_REQUEST = {
	escortId: 'esc-1',
	deviceId: 'pub-visitor',
	pickup: [174.7761, -41.2915] as [number, number],
	description: 'Green jacket',
	codeWord: 'fig wren'
};
const escortOffer = (marshalIds: string[], round: number) => ({
	escortId: 'esc-1',
	marshalIds,
	round,
	respondBy: at(45),
	brief: { pickup: ESCORT_REQUEST.pickup, requestedAt: at(30) }
});

export const INC_2 = {
	incidentId: 'inc-2',
	category: 'medical',
	severity: 2,
	description: 'Someone fainted by the stage',
	onBehalf: false,
	sectorId: null,
	photoId: '0f4b7a52-93c1-4d2e-8a6f-5b1c9d3e7f20'
} as const;

const offer = (jobId: string, incidentId: string, marshalId: string) => ({
	jobId,
	incidentId,
	marshalId,
	respondBy: at(40),
	brief: { category: 'hate-abuse' as const, severity: 3, reportedAt: at(6), sectorId: 'cuba' }
});
