/**
 * The night every views test reads: one journal with every event type (reports by
 * marshals, the public and the organiser in two sectors, jobs, the control room's record,
 * advisories, hazards, escorts), each event paired with the fold that includes it, as the
 * server calls viewEvent. Positions have many decimals and every secret word a marker
 * (DESC-, NOTE-secret ...), so a leak is a recognisable string. Built once per test file.
 */
import type { LngLat } from '$lib/shared/geo';
import {
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import type { Audience } from '$lib/shared/views';
import { ring } from './ring';

const ORGANISER: Actor = { role: 'organiser', id: 'org-secret-7' };
const PUBLIC_ACTOR: Actor = { role: 'public', id: 'sess-anon-secret' };
const marshal = (id: string): Actor => ({ role: 'marshal', id });

export const PUBLIC: Audience = { role: 'public', sessionId: 'sess-viewer' };
export const AROHA: Audience = { role: 'marshal', marshalId: 'marshal-aroha' };
export const KAI: Audience = { role: 'marshal', marshalId: 'marshal-kai' };
export const ORG: Audience = { role: 'organiser' };

/** Precise positions with many decimals, so a leak is a recognisable string. */
export const P = {
	aroha: [174.77571234, -41.29163457] as LngLat,
	sione: [174.77612311, -41.29051299] as LngLat,
	priya: [174.78171133, -41.29331177] as LngLat,
	public: [174.78362219, -41.29387733] as LngLat,
	kai: [174.77911987, -41.28783361] as LngLat,
	// In Courtenay; the public reported it, Aroha is sent there.
	job: [174.78245671, -41.29412399] as LngLat
};
/** Another visitor's escort request: only the control room and the marshals asked see these. */
/** Every report carries a photo; only its reporter and the control room may learn its id. */
export const PHOTO = (incidentId: string) =>
	`${incidentId
		.replace(/[^0-9a-f]/g, '')
		.padEnd(8, '0')
		.slice(0, 8)}-0000-4000-8000-000000000000`;
export const ESCORT_AT: LngLat = [174.77633311, -41.29144422];
export const ESCORT_WORDS = 'ESCORT-secret: green jacket, outside the dumpling shop';
export const D = {
	aroha: 'DESC-aroha: two men followed a couple from the takeaway',
	sione: 'DESC-sione: person cut on the arm near the fountain',
	priya: 'DESC-priya: crowd crush at the taxi rank',
	public: 'DESC-public: I was punched, please call me on 021 555 0101',
	org: 'DESC-org: police declined to escort, officer number 1234',
	kai: 'DESC-kai: lost person, aged 17',
	job: 'DESC-job: man cut on the arm outside the takeaway, call 021 555 0199'
};
/** The control room's record and the words of each job: each must reach only whom it may. */
export const RECORD = {
	note: 'NOTE-secret: the victim is Alex, wants a walk home',
	police: 'POLICE-secret: officer 4521 said no units free',
	decline: 'DECLINE-secret: I know the people involved',
	outcome: 'OUTCOME-secret: walked Alex to Abel Smith Street',
	withdraw: 'WITHDRAW-secret: first-aid team sent instead'
};
export const REASON = 'REASON-secret: duplicate of the fountain report';
export const MARSHAL_ONLY_TEXT = ['ADV-marshals-all', 'ADV-cuba-only', 'ADV-courtenay-only'];

function build() {
	const events: JournalEvent[] = [];
	const add = <T extends JournalEventType>(type: T, data: JournalData<T>, actor = ORGANISER) => {
		const seq = events.length + 1;
		const at = new Date(Date.UTC(2026, 1, 14, 6, seq)).toISOString();
		const raw = { seq, id: `e-${seq}`, type, at, actor, data };
		events.push(JournalEventSchema.parse(raw) as JournalEvent);
	};
	const until = new Date(Date.UTC(2026, 1, 14, 12)).toISOString();
	add('event:configured', {
		name: 'Night',
		timezone: 'Pacific/Auckland',
		center: [174.779, -41.291],
		zoom: 15
	});
	add('route:set', {
		coordinates: [
			[174.7771, -41.2888],
			[174.784, -41.294]
		]
	});
	add('sector:set', {
		sectorId: 'cuba',
		name: 'Cuba',
		ring: ring(174.774, -41.296, 174.778, -41.287)
	});
	add('sector:set', {
		sectorId: 'courtenay',
		name: 'Courtenay',
		ring: ring(174.778, -41.296, 174.786, -41.291)
	});
	add('zone:set', {
		zoneId: 'zone-a',
		name: 'Te Aro Park First Aid',
		kind: 'first-aid',
		position: [174.7787, -41.2922],
		hours: [{ from: '18:00', to: '06:00' }]
	});
	add('zone:status-set', { zoneId: 'zone-a', status: 'full', verified: true });
	for (const [id, name, sectorId] of [
		['marshal-aroha', 'Aroha Secretname', 'cuba'],
		['marshal-sione', 'Sione Secretname', 'cuba'],
		['marshal-priya', 'Priya Secretname', 'courtenay'],
		['marshal-kai', 'Kai Secretname', null]
	] as const) {
		add('marshal:added', { marshalId: id, displayName: name, sectorId });
		add('device:enrolled', { deviceId: `dev-${id}`, marshalId: id });
	}
	add('marshal:shift-started', { marshalId: 'marshal-aroha' }, marshal('marshal-aroha'));
	add('marshal:shift-started', { marshalId: 'marshal-sione' }, marshal('marshal-sione'));
	add(
		'marshal:status-set',
		{ marshalId: 'marshal-priya', status: 'on-break' },
		marshal('marshal-priya')
	);
	const report = (id: string, who: Actor, sectorId: string | null, d: string, p?: LngLat) =>
		add(
			'incident:reported',
			{
				incidentId: id,
				category: 'hate-assault',
				severity: 4,
				onBehalf: false,
				sectorId,
				description: d,
				photoId: PHOTO(id),
				...(p ? { position: p } : {})
			},
			who
		);
	report('inc-aroha', marshal('marshal-aroha'), 'cuba', D.aroha, P.aroha);
	report('inc-sione', marshal('marshal-sione'), 'cuba', D.sione, P.sione);
	report('inc-priya', marshal('marshal-priya'), 'courtenay', D.priya, P.priya);
	report('inc-public', PUBLIC_ACTOR, 'courtenay', D.public, P.public);
	report('inc-org', ORGANISER, 'cuba', D.org);
	report('inc-kai', marshal('marshal-kai'), null, D.kai, P.kai);
	add('incident:state-changed', { incidentId: 'inc-sione', from: 'reported', to: 'dispatched' });
	add('incident:state-changed', { incidentId: 'inc-priya', from: 'reported', to: 'acknowledged' });
	add('incident:state-changed', {
		incidentId: 'inc-aroha',
		from: 'reported',
		to: 'duplicate',
		duplicateOf: 'inc-sione',
		reason: REASON
	});
	const advisory = (
		advisoryId: string,
		audience: 'public' | 'marshals',
		sectorId: string | null,
		text: string
	) => add('advisory:posted', { advisoryId, audience, sectorId, text, expiresAt: until });
	advisory('adv-public', 'public', null, 'Avoid Dixon Street, use Manners Street');
	advisory('adv-all', 'marshals', null, MARSHAL_ONLY_TEXT[0]);
	advisory('adv-cuba', 'marshals', 'cuba', MARSHAL_ONLY_TEXT[1]);
	advisory('adv-courtenay', 'marshals', 'courtenay', MARSHAL_ONLY_TEXT[2]);
	advisory('adv-old', 'public', null, 'Old advice');
	add('advisory:withdrawn', { advisoryId: 'adv-old' });
	add('advisory:withdrawn', { advisoryId: 'adv-courtenay' });

	// A public report in Courtenay: Kai declines it, Aroha takes it; the control room records.
	report('inc-job', PUBLIC_ACTOR, 'courtenay', D.job, P.job);
	const brief = (incidentId: string) => {
		const i = applyAll(emptyState('ev'), events).incidents[incidentId];
		return {
			category: i.category,
			severity: i.severity,
			reportedAt: i.reportedAt,
			sectorId: i.sectorId,
			...(i.position ? { position: i.position } : {}),
			...(i.description ? { description: i.description } : {})
		};
	};
	const offer = (jobId: string, incidentId: string, marshalId: string) =>
		add('job:offered', {
			jobId,
			incidentId,
			marshalId,
			respondBy: until,
			brief: brief(incidentId)
		});
	offer('job-aroha', 'inc-job', 'marshal-aroha');
	offer('job-kai', 'inc-job', 'marshal-kai');
	add('job:declined', { jobId: 'job-kai', reason: RECORD.decline }, marshal('marshal-kai'));
	add('incident:escalation-acknowledged', { incidentId: 'inc-job' });
	add('job:accepted', { jobId: 'job-aroha' }, marshal('marshal-aroha'));
	add('job:on-scene', { jobId: 'job-aroha' }, marshal('marshal-aroha'));
	add('incident:noted', { incidentId: 'inc-job', noteId: 'note-1', text: RECORD.note });
	add('incident:linked', { incidentId: 'inc-job', otherId: 'inc-priya' });
	add('incident:police-logged', {
		incidentId: 'inc-job',
		entryId: 'police-1',
		kind: 'declined-escort',
		reason: RECORD.police
	});
	add('job:resolved', { jobId: 'job-aroha', outcome: RECORD.outcome }, marshal('marshal-aroha'));
	// Sione is sent to the organiser's words-only report in Cuba; nobody answers.
	offer('job-sione', 'inc-org', 'marshal-sione');
	add('job:timed-out', { jobId: 'job-sione' }, { role: 'system' });
	add('job:withdrawn', { jobId: 'job-sione', reason: RECORD.withdraw });
	// Another visitor (not the viewer) asks to be walked: offered to Aroha and Kai.
	add(
		'escort:requested',
		{
			escortId: 'esc-1',
			deviceId: 'sess-anon-secret',
			pickup: ESCORT_AT,
			description: ESCORT_WORDS,
			codeWord: 'cedar heron'
		},
		PUBLIC_ACTOR
	);
	add('escort:offered', {
		escortId: 'esc-1',
		marshalIds: ['marshal-aroha', 'marshal-kai'],
		round: 0,
		respondBy: until,
		brief: { pickup: ESCORT_AT, description: ESCORT_WORDS, requestedAt: until }
	});
	add('escort:declined', { escortId: 'esc-1', marshalId: 'marshal-kai' }, marshal('marshal-kai'));
	add('escort:unanswered', { escortId: 'esc-1', round: 0 }, { role: 'system' });
	add('escort:alarm-acknowledged', { escortId: 'esc-1' });
	add(
		'escort:accepted',
		{ escortId: 'esc-1', marshalId: 'marshal-aroha', codeWord: 'cedar heron' },
		marshal('marshal-aroha')
	);
	add('escort:walking', { escortId: 'esc-1' }, marshal('marshal-aroha'));
	add('escort:arrived', { escortId: 'esc-1' }, marshal('marshal-aroha'));
	add('escort:cancelled', { escortId: 'esc-1', by: 'control' });
	// Aroha's report (closed as a duplicate) loses its photo after the retention period.
	add(
		'incident:photo-deleted',
		{ incidentId: 'inc-aroha', photoId: PHOTO('inc-aroha') },
		{ role: 'system' }
	);
	// An escort nobody here holds: its deletion reaches no marshal (escort-retention tests hold the rest).
	add('escort:positions-deleted', { escortId: 'esc-elsewhere' }, { role: 'system' });
	add(
		'escort:requests-refused',
		{ groupId: 'grp-1', source: 'device', count: 2, since: until },
		{ role: 'system' }
	);
	add('escort:refusals-acknowledged', { groupId: 'grp-1' });
	add('marshal:shift-ended', { marshalId: 'marshal-sione' }, marshal('marshal-sione'));
	add('device:revoked', { deviceId: 'dev-marshal-priya', marshalId: 'marshal-priya' });
	// Awareness: a hazard in Cuba, later cleared; Aroha's phone has the all-marshals broadcast.
	add('hazard:marked', {
		hazardId: 'hazard-1',
		// A public place, not anyone's report: every marshal may see exactly where.
		position: [174.7801, -41.2931],
		radiusMetres: 150,
		text: 'Group following people from the bar',
		expiresAt: until
	});
	add(
		'advisory:received',
		{ advisoryId: 'adv-all', marshalId: 'marshal-aroha' },
		marshal('marshal-aroha')
	);
	add('hazard:cleared', { hazardId: 'hazard-1' });
	return events;
}

export const JOURNAL = build();
/** Each event with the fold that includes it, as the server calls viewEvent. */
export const STEPS = JOURNAL.map((event, i) => ({
	event,
	state: applyAll(emptyState('ev'), JOURNAL.slice(0, i + 1))
}));
export const STATE = STEPS[STEPS.length - 1].state;
