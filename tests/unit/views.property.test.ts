/**
 * Views never leak, whatever the journal: random nights of reports, control-room
 * records (notes, links, police entries, escalations) and jobs in every state, seen
 * by the public and by a random marshal, event by event and as snapshots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coarsen, type LngLat } from '$lib/shared/geo';
import {
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor, EventState } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { viewEvent, viewState, type Audience } from '$lib/shared/views';
import { ring } from './support/ring';

const AT = '2026-02-14T06:00:00.000Z';
const PUBLIC: Audience = { role: 'public', sessionId: 'sess-viewer' };
const SYS: Actor = { role: 'organiser', id: 'org-zz-secret' };

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown, into = new Set<number>()): Set<number> {
	if (typeof value === 'number') into.add(value);
	else if (value && typeof value === 'object')
		for (const v of Object.values(value)) numbersIn(v, into);
	return into;
}

/** Strings anywhere in the wire text, numbers (coordinates) as any number value. */
function expectNoLeak(output: unknown, secrets: (string | number)[]) {
	const json = JSON.stringify(output);
	const numbers = numbersIn(JSON.parse(json));
	for (const s of secrets) {
		if (typeof s === 'number') expect(numbers.has(s), `leaked ${s}`).toBe(false);
		else expect(json, `leaked ${s}`).not.toContain(JSON.stringify(s).slice(1, -1));
	}
}

/** A coordinate whose decimal form is long enough to be a recognisable string. */
const coord = (min: number, max: number) =>
	fc.double({ min, max, noNaN: true }).filter((x) => (String(x).split('.')[1] ?? '').length >= 8);
// No ':' in the text, so a "<letter><index>:" prefix makes every text unique.
const text = fc.stringMatching(/^[A-Za-z0-9 .,!?'"\\-]{6,40}$/);
const JOB_ENDS = [
	'offered',
	'declined',
	'timed-out',
	'accepted',
	'on-scene',
	'resolved',
	'withdrawn'
] as const;

const incident = fc.record({
	text,
	position: fc.option(fc.tuple(coord(174.75, 174.8), coord(-41.31, -41.27)), { nil: undefined }),
	sector: fc.constantFrom('north', 'south', null),
	reporter: fc.oneof(
		fc.record({ kind: fc.constant('marshal' as const), index: fc.nat(5) }),
		fc.constant({ kind: 'public' as const, index: 0 }),
		fc.constant({ kind: 'organiser' as const, index: 0 })
	),
	note: fc.option(text, { nil: undefined }),
	police: fc.option(text, { nil: undefined }),
	linkToPrevious: fc.boolean(),
	job: fc.option(fc.record({ marshal: fc.nat(5), end: fc.constantFrom(...JOB_ENDS), text }), {
		nil: undefined
	})
});
const world = fc.record({
	marshalIds: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{8}$/), { minLength: 6, maxLength: 6 }),
	marshalSectors: fc.array(fc.constantFrom('north', 'south', null), {
		minLength: 6,
		maxLength: 6
	}),
	incidents: fc.uniqueArray(incident, { maxLength: 12, selector: (i) => String(i.position) }),
	viewer: fc.nat(5)
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

type Secret = {
	who: Actor;
	description: string;
	position?: LngLat;
	/** Control-room words: the note and police reason. */
	record: string[];
	job?: { marshalId: string; text: string; end: string };
};

function journalOf(w: World) {
	const events: JournalEvent[] = [];
	const add = <T extends JournalEventType>(type: T, data: JournalData<T>, actor: Actor) => {
		const seq = events.length + 1;
		const raw = { seq, id: `e-${seq}`, type, at: AT, actor, data };
		events.push(JournalEventSchema.parse(raw) as JournalEvent);
	};
	add(
		'sector:set',
		{ sectorId: 'north', name: 'North', ring: ring(174.7, -41.29, 174.9, -41.2) },
		SYS
	);
	add(
		'sector:set',
		{ sectorId: 'south', name: 'South', ring: ring(174.7, -41.4, 174.9, -41.29) },
		SYS
	);
	const mid = w.marshalIds.map((id) => `m-${id}`);
	mid.forEach((marshalId, i) => {
		add(
			'marshal:added',
			{ marshalId, displayName: `N-${marshalId}`, sectorId: w.marshalSectors[i] },
			SYS
		);
		add('device:enrolled', { deviceId: `d-${marshalId}`, marshalId }, SYS);
	});
	const secrets = w.incidents.map((inc, i): Secret => {
		const who: Actor =
			inc.reporter.kind === 'marshal'
				? { role: 'marshal', id: mid[inc.reporter.index] }
				: inc.reporter.kind === 'public'
					? { role: 'public', id: 'pub-zz-secret' }
					: SYS;
		// Text fields are trimmed when stored; the prefix keeps them unique and non-empty.
		const words = (prefix: string, t: string) => `${prefix}${i}:${t}`.trim();
		const incidentId = `i-${i}`;
		const description = words('S', inc.text);
		const position = inc.position;
		const where = { sectorId: inc.sector, ...(position ? { position } : {}) };
		add(
			'incident:reported',
			{ incidentId, category: 'hate-abuse', severity: 3, onBehalf: false, description, ...where },
			who
		);
		add('incident:state-changed', { incidentId, from: 'reported', to: 'acknowledged' }, SYS);
		const record: string[] = [];
		if (inc.note) {
			record.push(words('N', inc.note));
			add('incident:noted', { incidentId, noteId: `n${i}`, text: record.at(-1) as string }, SYS);
		}
		if (inc.police) {
			record.push(words('P', inc.police));
			const reason = record.at(-1) as string;
			add(
				'incident:police-logged',
				{ incidentId, entryId: `p${i}`, kind: 'declined-escort', reason },
				SYS
			);
		}
		if (inc.linkToPrevious && i > 0) {
			add('incident:linked', { incidentId, otherId: `i-${i - 1}` }, SYS);
		}
		if (!inc.job) return { who, description, position, record };
		const marshalId = mid[inc.job.marshal];
		const jobId = `job${i}`;
		const jobText = words('J', inc.job.text);
		const brief = {
			category: 'hate-abuse',
			severity: 3,
			reportedAt: AT,
			description,
			...where
		} as const;
		add('job:offered', { jobId, incidentId, marshalId, respondBy: AT, brief }, SYS);
		const by: Actor = { role: 'marshal', id: marshalId };
		const end = inc.job.end;
		if (['accepted', 'on-scene', 'resolved'].includes(end)) add('job:accepted', { jobId }, by);
		if (end === 'on-scene') add('job:on-scene', { jobId }, by);
		if (end === 'resolved') add('job:resolved', { jobId, outcome: jobText }, by);
		if (end === 'declined') add('job:declined', { jobId, reason: jobText }, by);
		if (end === 'timed-out') add('job:timed-out', { jobId }, { role: 'system' });
		if (end === 'withdrawn') add('job:withdrawn', { jobId, reason: jobText }, SYS);
		if (end === 'declined' || end === 'timed-out') {
			add('incident:escalation-acknowledged', { incidentId }, SYS);
		}
		return { who, description, position, record, job: { marshalId, text: jobText, end } };
	});
	return { events, mid, secrets };
}

/** Every event as `audience` receives it, with the snapshot at the end. */
function watch(audience: Audience, events: JournalEvent[]) {
	let state: EventState = emptyState('ev');
	const views: (JournalEvent | null)[] = [];
	for (const e of events) {
		state = applyAll(state, [e]);
		views.push(viewEvent(audience, e, state));
	}
	return { views, state, snapshot: viewState(audience, state) };
}

describe('views never leak, whatever the journal (property)', () => {
	it('public: no description, record, job words, person id or incident position, ever', () => {
		fc.assert(
			fc.property(world, (w) => {
				const { events, mid, secrets } = journalOf(w);
				const { views, snapshot } = watch(PUBLIC, events);
				expect(views.filter((v) => v && /^(incident|marshal|device|job):/.test(v.type))).toEqual(
					[]
				);
				expectNoLeak(
					[views, snapshot],
					[
						'org-zz-secret',
						'pub-zz-secret',
						...mid,
						...secrets.flatMap((s) => [
							s.description,
							...s.record,
							...(s.job ? [s.job.text] : []),
							...(s.position ?? [])
						])
					]
				);
			})
		);
	});

	it("marshal: only their own reports and jobs in full; never the record or others' jobs", () => {
		fc.assert(
			fc.property(world, (w) => {
				const { events, mid, secrets } = journalOf(w);
				const me = mid[w.viewer];
				const { views, state, snapshot } = watch({ role: 'marshal', marshalId: me }, events);
				const full = (s: Secret) => s.who.id === me || s.job?.marshalId === me;
				const allowedCoords = new Set(secrets.filter(full).flatMap((s) => s.position ?? []));
				expectNoLeak(
					[views, snapshot],
					[
						'org-zz-secret',
						'pub-zz-secret',
						...mid.filter((id) => id !== me),
						...secrets.flatMap((s) => s.record),
						...secrets.flatMap((s) => (s.job && s.job.marshalId !== me ? [s.job.text] : [])),
						...secrets
							.filter((s) => !full(s))
							.flatMap((s) => [
								s.description,
								...(s.position ?? []).filter((c) => !allowedCoords.has(c))
							])
					]
				);
				// The record's events never reach a marshal; job events only their own marshal.
				for (const v of views) {
					if (!v) continue;
					expect(v.type).not.toMatch(/^incident:(noted|linked|police-logged|escalation)/);
					if (v.type.startsWith('job:')) {
						expect(state.jobs[(v.data as { jobId: string }).jobId].marshalId).toBe(me);
					}
				}
				// Their own report or a job they did not decline in full; anyone else's, or one
				// they declined, coarsened and without words.
				const fullNow = (s: Secret) =>
					s.who.id === me || (s.job?.marshalId === me && s.job.end !== 'declined');
				secrets.forEach((s, i) => {
					const shown = snapshot.incidents[`i-${i}`];
					if (!shown) return;
					expect(shown).toMatchObject({ notes: [], links: [], police: [], timeline: [] });
					if (fullNow(s)) {
						expect(shown.position).toEqual(s.position);
						expect(shown.description).toBe(s.description);
					} else {
						expect(shown.position).toEqual(s.position ? coarsen(s.position) : undefined);
						expect(shown).not.toHaveProperty('description');
					}
				});
				expect(Object.values(snapshot.jobs).every((j) => j.marshalId === me)).toBe(true);
			})
		);
	});
});
