import { describe, expect, it } from 'vitest';
import { coarsen, type LngLat } from '$lib/shared/geo';
import {
	JOURNAL_EVENT_TYPES,
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { publicEscortView, viewEvent, viewState, type Audience } from '$lib/shared/views';

/* ------------------------------------------------------------------ fixture */

const ORGANISER: Actor = { role: 'organiser', id: 'org-secret-7' };
const PUBLIC_ACTOR: Actor = { role: 'public', id: 'sess-anon-secret' };
const marshal = (id: string): Actor => ({ role: 'marshal', id });

const PUBLIC: Audience = { role: 'public', sessionId: 'sess-viewer' };
const AROHA: Audience = { role: 'marshal', marshalId: 'marshal-aroha' };
const KAI: Audience = { role: 'marshal', marshalId: 'marshal-kai' };
const ORG: Audience = { role: 'organiser' };

/** Precise positions with many decimals, so a leak is a recognisable string. */
const P = {
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
const PHOTO = (incidentId: string) =>
	`${incidentId
		.replace(/[^0-9a-f]/g, '')
		.padEnd(8, '0')
		.slice(0, 8)}-0000-4000-8000-000000000000`;
const ESCORT_AT: LngLat = [174.77633311, -41.29144422];
const ESCORT_WORDS = 'ESCORT-secret: green jacket, outside the dumpling shop';
const D = {
	aroha: 'DESC-aroha: two men followed a couple from the takeaway',
	sione: 'DESC-sione: person cut on the arm near the fountain',
	priya: 'DESC-priya: crowd crush at the taxi rank',
	public: 'DESC-public: I was punched, please call me on 021 555 0101',
	org: 'DESC-org: police declined to escort, officer number 1234',
	kai: 'DESC-kai: lost person, aged 17',
	job: 'DESC-job: man cut on the arm outside the takeaway, call 021 555 0199'
};
/** The control room's record and the words of each job: each must reach only whom it may. */
const RECORD = {
	note: 'NOTE-secret: the victim is Alex, wants a walk home',
	police: 'POLICE-secret: officer 4521 said no units free',
	decline: 'DECLINE-secret: I know the people involved',
	outcome: 'OUTCOME-secret: walked Alex to Abel Smith Street',
	withdraw: 'WITHDRAW-secret: first-aid team sent instead'
};
const REASON = 'REASON-secret: duplicate of the fountain report';
const MARSHAL_ONLY_TEXT = ['ADV-marshals-all', 'ADV-cuba-only', 'ADV-courtenay-only'];

const ring = (w: number, s: number, e: number, n: number): LngLat[] => [
	[w, n],
	[e, n],
	[e, s],
	[w, s],
	[w, n]
];

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

const JOURNAL = build();
/** Each event with the fold that includes it, as the server calls viewEvent. */
const STEPS = JOURNAL.map((event, i) => ({
	event,
	state: applyAll(emptyState('ev'), JOURNAL.slice(0, i + 1))
}));
const STATE = STEPS[STEPS.length - 1].state;

const viewsOf = (audience: Audience) =>
	STEPS.map(({ event, state }) => ({ event, view: viewEvent(audience, event, state) }));
const visible = (audience: Audience) =>
	viewsOf(audience).flatMap(({ view }) => (view ? [view] : []));
const viewOf = (audience: Audience, pred: (e: JournalEvent) => boolean) => {
	const step = STEPS.find(({ event }) => pred(event));
	if (!step) throw new Error('no such event in the fixture');
	return viewEvent(audience, step.event, step.state);
};
const reportOf = (incidentId: string) => (e: JournalEvent) =>
	e.type === 'incident:reported' && e.data.incidentId === incidentId;

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown, into = new Set<number>()): Set<number> {
	if (typeof value === 'number') into.add(value);
	else if (value && typeof value === 'object')
		for (const v of Object.values(value)) numbersIn(v, into);
	return into;
}

/**
 * Serialises the output as it would go on the wire and looks for each secret:
 * strings anywhere in the JSON text, numbers (coordinates) as any number value.
 */
function expectNoLeak(output: unknown, secrets: (string | number)[]) {
	const json = JSON.stringify(output);
	const numbers = numbersIn(JSON.parse(json));
	for (const s of secrets) {
		if (typeof s === 'number') expect(numbers.has(s), `leaked ${s}`).toBe(false);
		else expect(json, `leaked ${s}`).not.toContain(JSON.stringify(s).slice(1, -1));
	}
}

/** The actor as a marshal sees it: their own id on their own facts, otherwise a role. */
const asSeenBy = (marshalId: string, e: JournalEvent): Actor =>
	e.actor.id === marshalId ? { role: e.actor.role, id: marshalId } : { role: e.actor.role };

/* ------------------------------------------------------------------ tests */

it('the fixture covers every journal event type', () => {
	expect(new Set(JOURNAL.map((e) => e.type))).toEqual(new Set(JOURNAL_EVENT_TYPES));
});

describe('public audience', () => {
	const hidden = JOURNAL_EVENT_TYPES.filter((t) =>
		/^(incident|marshal|device|job|hazard|escort):|^advisory:received$/.test(t)
	);

	it.each(hidden)('never receives %s', (type) => {
		const steps = viewsOf(PUBLIC).filter(({ event }) => event.type === type);
		expect(steps.length).toBeGreaterThan(0);
		for (const { view } of steps) expect(view).toBeNull();
	});

	it('receives public advisories but not marshals-only ones', () => {
		const advisoryView = (id: string) =>
			viewOf(PUBLIC, (e) => e.type === 'advisory:posted' && e.data.advisoryId === id);
		expect(advisoryView('adv-public')).not.toBeNull();
		for (const id of ['adv-all', 'adv-cuba', 'adv-courtenay']) expect(advisoryView(id)).toBeNull();
	});

	it('sees withdrawals only of advisories it was sent (an id is still a leak)', () => {
		const steps = viewsOf(PUBLIC).filter(({ event }) => event.type === 'advisory:withdrawn');
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, view } of steps) {
			const id = (event.data as { advisoryId: string }).advisoryId;
			if (id === 'adv-old') expect(view).not.toBeNull();
			else expect(view).toBeNull();
		}
	});

	it('receives setup and zone events, with the actor reduced to its role', () => {
		const seen = visible(PUBLIC);
		expect(new Set(seen.map((e) => e.type))).toEqual(
			new Set([
				'event:configured',
				'route:set',
				'sector:set',
				'zone:set',
				'zone:status-set',
				'advisory:posted',
				'advisory:withdrawn'
			])
		);
		for (const e of seen) expect(Object.keys(e.actor)).toEqual(['role']);
	});

	it('gets a state with no incidents, no marshals and only public advisories', () => {
		const s = viewState(PUBLIC, STATE);
		expect(s.incidents).toEqual({});
		expect(s.marshals).toEqual({});
		expect(Object.keys(s.advisories)).toEqual(['adv-public']);
		expect(s.zones).toEqual(STATE.zones);
		expect(s.sectors).toEqual(STATE.sectors);
		expect(s.seq).toBe(STATE.seq);
	});

	it('never sees a description, an id of a person, a marshal-only text or a precise position', () => {
		const secrets = [
			...Object.values(D),
			...Object.values(RECORD),
			REASON,
			...MARSHAL_ONLY_TEXT,
			'org-secret-7',
			'sess-anon-secret',
			'marshal-aroha',
			'marshal-sione',
			'marshal-priya',
			'marshal-kai',
			'Secretname',
			'dev-',
			'inc-',
			'job-',
			'note-',
			'police-',
			...Object.values(P).flat(),
			...ESCORT_AT,
			ESCORT_WORDS,
			'cedar heron',
			'esc-1',
			'grp-1',
			'-4000-8000-'
		];
		expectNoLeak(visible(PUBLIC), secrets);
		expectNoLeak(viewState(PUBLIC, STATE), secrets);
		// Every intermediate snapshot too.
		for (const { state } of STEPS) expectNoLeak(viewState(PUBLIC, state), secrets);
	});
});

describe('marshal audience', () => {
	const mine = viewState(AROHA, STATE);

	it('sees only their own marshal record', () => {
		expect(mine.marshals).toEqual({ 'marshal-aroha': STATE.marshals['marshal-aroha'] });
		const marshalEvents = visible(AROHA).filter((e) => /^(marshal|device):/.test(e.type));
		expect(marshalEvents.length).toBeGreaterThan(0);
		for (const e of marshalEvents)
			expect((e.data as { marshalId: string }).marshalId).toBe('marshal-aroha');
	});

	it("sees their own report in full, without the control room's record of it", () => {
		expect(mine.incidents['inc-aroha']).toEqual({
			...STATE.incidents['inc-aroha'],
			notes: [],
			links: [],
			police: [],
			timeline: [],
			escalation: null
		});
		expect(STATE.incidents['inc-aroha'].timeline.length).toBeGreaterThan(0);
		expect(viewOf(AROHA, reportOf('inc-aroha'))?.data).toMatchObject({
			description: D.aroha,
			position: P.aroha
		});
	});

	it("sees another marshal's report in their sector coarsened and without description", () => {
		const other = mine.incidents['inc-sione'];
		expect(other.position).toEqual(coarsen(P.sione));
		expect(other.position).not.toEqual(P.sione);
		expect(other).not.toHaveProperty('description');
		expect(other.reportedBy).toEqual({ role: 'marshal' });
		expect(other.state).toBe('dispatched');

		const view = viewOf(AROHA, reportOf('inc-sione'));
		expect(view?.data).toMatchObject({ position: coarsen(P.sione), incidentId: 'inc-sione' });
		expect(view?.data).not.toHaveProperty('description');
		expect(view?.actor).toEqual({ role: 'marshal' });
	});

	it('never gets the photo id of a report but their own, also with a job on it', () => {
		for (const marshalId of ['marshal-aroha', 'marshal-sione', 'marshal-priya', 'marshal-kai']) {
			const audience: Audience = { role: 'marshal', marshalId };
			const own = Object.values(STATE.incidents)
				.filter((i) => i.reportedBy.id === marshalId)
				.map((i) => PHOTO(i.id));
			const seen = JSON.stringify([visible(audience), viewState(audience, STATE)]);
			const ids = new Set(seen.match(/[0-9a-f]{8}-0000-4000-8000-0{12}/g) ?? []);
			expect([...ids].sort()).toEqual([...new Set(own)].sort());
		}
		expect(mine.incidents['inc-aroha'].photoId).toBe(PHOTO('inc-aroha'));
		expect(mine.incidents['inc-job']).not.toHaveProperty('photoId');
		expect(viewState(ORG, STATE).incidents['inc-job'].photoId).toBe(PHOTO('inc-job'));
	});

	it("sees an organiser's report in their sector without description or the organiser's id", () => {
		expect(mine.incidents['inc-org']).not.toHaveProperty('description');
		expect(mine.incidents['inc-org']).not.toHaveProperty('position');
		expect(mine.incidents['inc-org'].reportedBy).toEqual({ role: 'organiser' });
	});

	it('does not see reports from other sectors, in the state or as events', () => {
		// inc-job is in Courtenay, but it is her job.
		expect(Object.keys(mine.incidents).sort()).toEqual([
			'inc-aroha',
			'inc-job',
			'inc-org',
			'inc-sione'
		]);
		for (const id of ['inc-priya', 'inc-public', 'inc-kai', 'inc-job']) {
			expect(viewOf(AROHA, reportOf(id))).toBeNull();
		}
		const changed = (id: string) =>
			viewOf(AROHA, (e) => e.type === 'incident:state-changed' && e.data.incidentId === id);
		expect(changed('inc-priya')).toBeNull();
		expect(changed('inc-sione')).not.toBeNull();
	});

	it('gets advisories for everyone and for their own sector only', () => {
		expect(Object.keys(mine.advisories).sort()).toEqual(['adv-all', 'adv-cuba', 'adv-public']);
		const advisoryView = (id: string) =>
			viewOf(AROHA, (e) => e.type === 'advisory:posted' && e.data.advisoryId === id);
		expect(advisoryView('adv-cuba')).not.toBeNull();
		expect(advisoryView('adv-courtenay')).toBeNull();
	});

	it('a marshal without a sector sees only their own report, their job and unsectored advisories', () => {
		const s = viewState(KAI, STATE);
		expect(Object.keys(s.incidents).sort()).toEqual(['inc-job', 'inc-kai']);
		expect(s.incidents['inc-kai'].description).toBe(D.kai);
		expect(Object.keys(s.advisories).sort()).toEqual(['adv-all', 'adv-public']);
	});

	it('never receives an actor id, other descriptions or precise positions of others', () => {
		// Their own id only on their own facts: how they recognise what they did.
		for (const e of visible(AROHA)) expect(e.actor).toEqual(asSeenBy('marshal-aroha', e));
		const secrets = [
			D.sione,
			D.priya,
			D.public,
			D.org,
			D.kai,
			'org-secret-7',
			'sess-anon-secret',
			'marshal-sione',
			'marshal-priya',
			'marshal-kai',
			'Sione Secretname',
			'dev-marshal-priya',
			'Kai Secretname',
			'job-kai',
			'job-sione',
			RECORD.note,
			RECORD.police,
			RECORD.decline,
			RECORD.withdraw,
			MARSHAL_ONLY_TEXT[2],
			...[P.sione, P.priya, P.public, P.kai].flat()
		];
		expectNoLeak(visible(AROHA), secrets);
		expectNoLeak(mine, secrets);
	});
});

describe('jobs and the control room record', () => {
	const PRIYA: Audience = { role: 'marshal', marshalId: 'marshal-priya' };
	const SIONE: Audience = { role: 'marshal', marshalId: 'marshal-sione' };
	const MARSHALS = { aroha: AROHA, kai: KAI, priya: PRIYA, sione: SIONE };
	const jobOf = (e: JournalEvent) => STATE.jobs[(e.data as { jobId: string }).jobId];

	it('a marshal receives exactly the events of their own jobs, whole', () => {
		const jobEvents = STEPS.filter(({ event }) => event.type.startsWith('job:'));
		expect(new Set(jobEvents.map(({ event }) => event.type))).toEqual(
			new Set(JOURNAL_EVENT_TYPES.filter((t) => t.startsWith('job:')))
		);
		for (const [name, audience] of Object.entries(MARSHALS)) {
			for (const { event, state } of jobEvents) {
				const view = viewEvent(audience, event, state);
				const mine = jobOf(event).marshalId === `marshal-${name}`;
				expect(view !== null, `${name} seeing ${event.type} ${event.id}`).toBe(mine);
				if (view) {
					expect(view.data).toEqual(event.data);
					expect(view.actor).toEqual(asSeenBy(`marshal-${name}`, event));
				}
			}
		}
	});

	it('the offer brings the marshal the precise position and words of the incident', () => {
		const offered = viewOf(
			AROHA,
			(e) => e.type === 'job:offered' && e.data.jobId === 'job-aroha'
		) as Extract<JournalEvent, { type: 'job:offered' }>;
		expect(offered.data.brief).toMatchObject({ position: P.job, description: D.job });
		const mine = viewState(AROHA, STATE);
		expect(mine.incidents['inc-job']).toMatchObject({
			position: P.job,
			description: D.job,
			state: 'resolved',
			reportedBy: { role: 'public' }
		});
		expect(mine.jobs).toEqual({ 'job-aroha': STATE.jobs['job-aroha'] });
		expect(mine.jobs['job-aroha'].outcome).toBe(RECORD.outcome);
	});

	it('a colleague without the job holds it coarse and without words', () => {
		const priya = viewState(PRIYA, STATE);
		expect(priya.incidents['inc-job'].position).toEqual(coarsen(P.job));
		expect(priya.incidents['inc-job']).not.toHaveProperty('description');
		expect(priya.jobs).toEqual({});
		// Sione's job on inc-org was withdrawn; Aroha, in the same sector, keeps her coarse copy.
		expect(viewState(AROHA, STATE).incidents['inc-org']).not.toHaveProperty('description');
		expect(viewState(SIONE, STATE).incidents['inc-org'].description).toBe(D.org);
	});

	it('a marshal gets their own decline reason, not the outcome of a job they declined', () => {
		const kai = viewState(KAI, STATE);
		expect(kai.jobs).toEqual({ 'job-kai': STATE.jobs['job-kai'] });
		expect(kai.jobs['job-kai'].reason).toBe(RECORD.decline);
		expectNoLeak([visible(KAI), kai], [RECORD.outcome, RECORD.note, RECORD.police, 'job-aroha']);
	});

	it('a marshal who declined a job keeps only the coarse, wordless view of its incident', () => {
		const incident = viewState(KAI, STATE).incidents['inc-job'];
		expect(incident).toBeDefined();
		expect(incident).not.toHaveProperty('description');
		expect(incident.position).toEqual(coarsen(P.job));
		expectNoLeak(viewState(KAI, STATE).incidents, [D.job, ...P.job]);
	});

	it.each([
		'incident:noted',
		'incident:linked',
		'incident:police-logged',
		'incident:escalation-acknowledged'
	] as const)('%s reaches the control room only', (type) => {
		const steps = STEPS.filter(({ event }) => event.type === type);
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, state } of steps) {
			for (const audience of [PUBLIC, ...Object.values(MARSHALS)]) {
				expect(viewEvent(audience, event, state)).toBeNull();
			}
			expect(viewEvent(ORG, event, state)).toBe(event);
		}
	});

	it("a photo's deletion reaches the control room and its reporter only", () => {
		const steps = STEPS.filter(({ event }) => event.type === 'incident:photo-deleted');
		expect(steps.length).toBeGreaterThan(0);
		for (const { event, state } of steps) {
			expect(viewEvent(ORG, event, state)).toBe(event);
			expect(viewEvent(AROHA, event, state)?.data).toEqual(event.data);
			for (const audience of [PUBLIC, KAI, PRIYA, SIONE]) {
				expect(viewEvent(audience, event, state)).toBeNull();
			}
		}
		expect(viewState(AROHA, STATE).incidents['inc-aroha'].photoDeletedAt).toEqual(
			expect.any(String)
		);
	});

	it('no marshal snapshot holds notes, links, police entries, a timeline or an escalation', () => {
		for (const audience of Object.values(MARSHALS)) {
			for (const i of Object.values(viewState(audience, STATE).incidents)) {
				expect(i).toMatchObject({ notes: [], links: [], police: [], timeline: [] });
				expect(i.escalation).toBeNull();
			}
			expectNoLeak(viewState(audience, STATE), [RECORD.note, RECORD.police, 'note-1', 'police-1']);
		}
		expect(STATE.incidents['inc-job']).toMatchObject({
			notes: [expect.objectContaining({ text: RECORD.note })],
			links: ['inc-priya'],
			police: [expect.objectContaining({ reason: RECORD.police })]
		});
	});
});

describe('organiser audience', () => {
	it('sees every event unchanged', () => {
		for (const { event, view } of viewsOf(ORG)) expect(view).toBe(event);
	});

	it('gets the whole state as its snapshot, except the timelines its record asks for', () => {
		const snapshot = viewState(ORG, STATE);
		const lines = Object.values(STATE.incidents).reduce((n, i) => n + i.timeline.length, 0);
		expect(lines).toBeGreaterThan(0);
		expect(Object.values(snapshot.incidents).every((i) => i.timeline.length === 0)).toBe(true);
		const withoutTimelines = (s: typeof STATE) => ({
			...s,
			incidents: Object.fromEntries(
				Object.entries(s.incidents).map(([id, i]) => [id, { ...i, timeline: [] }])
			)
		});
		expect(snapshot).toEqual(withoutTimelines(STATE));
		// The state it came from is untouched: the server keeps folding into it.
		expect(Object.values(STATE.incidents).reduce((n, i) => n + i.timeline.length, 0)).toBe(lines);
	});
});

describe('escorts', () => {
	const as = (marshalId: string): Audience => ({ role: 'marshal', marshalId });
	const escortViews = (a: Audience) => visible(a).filter((e) => e.type.startsWith('escort:'));

	it('reach only the marshals asked, without the device, the code word only to the one who accepted', () => {
		const aroha = escortViews(as('marshal-aroha'));
		expect(aroha.map((e) => e.type)).toEqual([
			'escort:offered',
			'escort:accepted',
			'escort:walking',
			'escort:arrived',
			'escort:cancelled'
		]);
		expect(aroha[0].data).toMatchObject({ marshalIds: ['marshal-aroha'] });
		expect(aroha[1].data).toMatchObject({ codeWord: 'cedar heron' });
		const kai = escortViews(as('marshal-kai'));
		expect(kai.map((e) => e.type)).toEqual([
			'escort:offered',
			'escort:declined',
			'escort:accepted',
			'escort:cancelled'
		]);
		expect(JSON.stringify(kai)).not.toContain('cedar heron');
		expect(escortViews(as('marshal-priya'))).toEqual([]);
		for (const who of ['marshal-aroha', 'marshal-kai']) {
			expect(JSON.stringify(escortViews(as(who)))).not.toContain('sess-anon-secret');
			expect(JSON.stringify(viewState(as(who), STATE).escorts)).not.toContain('sess-anon-secret');
		}
		expect(viewState(as('marshal-aroha'), STATE).escorts['esc-1'].codeWord).toBe('cedar heron');
		expect(viewState(as('marshal-kai'), STATE).escorts['esc-1'].codeWord).toBeUndefined();
		expect(viewState(as('marshal-priya'), STATE).escorts).toEqual({});
	});

	it('give a visitor only their own, and nothing once it is long closed', () => {
		const now = new Date(Date.parse(STATE.escorts['esc-1'].closedAt ?? '') + 60_000);
		expect(publicEscortView(STATE, 'sess-viewer', null, now)).toBeNull();
		const own = publicEscortView(STATE, 'sess-anon-secret', null, now);
		expect(own).toMatchObject({
			escortId: 'esc-1',
			state: 'arrived',
			marshalName: 'Aroha Secretname'
		});
		const later = new Date(now.getTime() + 60 * 60_000);
		expect(publicEscortView(STATE, 'sess-anon-secret', null, later)).toBeNull();
		expect(viewState(PUBLIC, STATE).escorts).toEqual({});
		expect(viewState(PUBLIC, STATE).escortRefusals).toEqual({});
	});
});
