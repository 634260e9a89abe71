import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	JOURNAL_EVENT_TYPES,
	JournalEventSchema,
	type JournalData,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import type { Actor, EventState } from '$lib/shared/model';
import { apply, applyAll, emptyState } from '$lib/shared/reducer';
import { wellingtonDemo } from '$lib/server/demo/wellington';

const ORGANISER: Actor = { role: 'organiser', id: 'org-1' };
const AROHA: Actor = { role: 'marshal', id: 'marshal-aroha' };
const SIONE: Actor = { role: 'marshal', id: 'marshal-sione' };
const T0 = Date.parse('2026-02-14T06:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

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

const RING: [number, number][] = [
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

const base = () => applyAll(emptyState('ev'), setup().events);

/** The full journal: every event type at least once. */
function everyType() {
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

const INC_2 = {
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

function deepFreeze<T>(o: T): T {
	if (o && typeof o === 'object' && !Object.isFrozen(o)) {
		Object.freeze(o);
		for (const v of Object.values(o)) deepFreeze(v);
	}
	return o;
}

describe('apply: the whole journal', () => {
	const events = everyType();

	it('the fixture covers every journal event type', () => {
		expect(new Set(events.map((e) => e.type))).toEqual(new Set(JOURNAL_EVENT_TYPES));
	});

	it('folds every type into the expected state', () => {
		const s = applyAll(emptyState('ev'), events);
		const atOf = (type: JournalEventType) => events.find((e) => e.type === type)?.at;
		expect(s.seq).toBe(events.length);
		expect(s.eventId).toBe('ev');
		expect(s.info).toEqual({
			name: 'Test night',
			timezone: 'Pacific/Auckland',
			center: [174.78, -41.29],
			zoom: 15
		});
		expect(s.route).toHaveLength(3);
		expect(s.sectors).toEqual({ cuba: { id: 'cuba', name: 'Cuba', ring: RING } });
		expect(s.zones['zone-a']).toMatchObject({
			status: 'full',
			verifiedAt: at(9),
			kind: 'first-aid'
		});
		expect(s.marshals).toEqual({
			'marshal-aroha': {
				id: 'marshal-aroha',
				displayName: 'Aroha',
				sectorId: 'cuba',
				status: 'off-shift',
				devices: []
			},
			'marshal-sione': {
				id: 'marshal-sione',
				displayName: 'Sione',
				sectorId: null,
				status: 'off-shift',
				devices: []
			}
		});
		expect(s.incidents['inc-1']).toMatchObject({
			id: 'inc-1',
			category: 'hate-abuse',
			severity: 3,
			// acknowledged (13), dispatched by the first offer (20), resolved by Sione's job (27)
			state: 'resolved',
			position: [174.7757, -41.2916],
			description: 'Group shouting slurs at a couple',
			onBehalf: true,
			reportedAt: at(6),
			reportedBy: AROHA,
			sectorId: 'cuba',
			updatedAt: at(27),
			// Resolved by Sione's job: the photo's retention period counts from here.
			closedAt: at(27),
			notes: [{ id: 'note-1', at: at(17), actor: ORGANISER, text: 'They want a walk home' }],
			links: ['inc-2'],
			police: [
				{
					id: 'police-1',
					kind: 'declined-escort',
					occurredAt: at(10),
					loggedAt: at(19),
					loggedBy: ORGANISER,
					reason: 'No units free'
				}
			],
			escalation: null
		});
		// Every change to it, in order, with who and when.
		expect(s.incidents['inc-1'].timeline.map((l) => [l.seq, l.at, l.actor, l.type])).toEqual(
			[6, 13, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27].map((seq) => {
				const e = events[seq - 1];
				return [seq, e.at, e.actor, e.type];
			})
		);
		expect(s.incidents['inc-2']).toMatchObject({
			state: 'dispatched',
			links: ['inc-1'],
			reportedBy: { role: 'public' },
			photoId: INC_2.photoId,
			photoDeletedAt: atOf('incident:photo-deleted')
		});
		expect(s.incidents['inc-2']).not.toHaveProperty('closedAt');
		expect(s.jobs).toEqual({
			'job-1': expect.objectContaining({ state: 'declined', reason: 'On my break' }),
			'job-2': expect.objectContaining({ state: 'resolved', outcome: 'Walked them home' }),
			'job-3': expect.objectContaining({ state: 'withdrawn', reason: 'Paramedics on scene' })
		});
		expect(s.advisories['adv-2']).toEqual({
			id: 'adv-2',
			audience: 'marshals',
			sectorId: 'cuba',
			text: 'Two marshals to Cuba and Dixon',
			postedAt: at(14),
			expiresAt: at(60),
			withdrawnAt: null,
			receivedBy: { 'marshal-aroha': atOf('advisory:received') }
		});
		expect(s.hazards['hazard-1']).toEqual({
			id: 'hazard-1',
			position: [174.7757, -41.2916],
			radiusMetres: 150,
			text: 'Group following people from the bar',
			markedAt: atOf('hazard:marked'),
			expiresAt: at(90),
			clearedAt: atOf('hazard:cleared')
		});
		// A withdrawn advisory stays in the record, marked, so views know whom it concerned.
		expect(s.advisories['adv-1']?.withdrawnAt).toEqual(expect.any(String));
	});
});

describe('apply: one event at a time', () => {
	const start = base();
	const next = (type: JournalEventType, data: unknown, actor = ORGANISER) =>
		JournalEventSchema.parse({
			seq: start.seq + 1,
			id: 'x',
			type,
			at: at(100),
			actor,
			data
		}) as JournalEvent;

	it.each([
		{
			name: 'route:set stores the line',
			event: next('route:set', { coordinates: RING }),
			check: (s: EventState) => expect(s.route).toEqual(RING)
		},
		{
			name: 'zone:set again keeps status and verification',
			event: {
				...next('zone:set', {
					zoneId: 'zone-a',
					name: 'First aid (moved)',
					kind: 'first-aid',
					position: [174.779, -41.292],
					hours: []
				}),
				seq: start.seq + 2
			},
			before: (s: EventState) =>
				apply(s, next('zone:status-set', { zoneId: 'zone-a', status: 'closed', verified: true })),
			check: (s: EventState) =>
				expect(s.zones['zone-a']).toMatchObject({
					name: 'First aid (moved)',
					status: 'closed',
					verifiedAt: at(100)
				})
		},
		{
			name: 'zone:status-set unverified keeps the last verification time',
			event: next('zone:status-set', { zoneId: 'zone-a', status: 'full', verified: false }),
			check: (s: EventState) =>
				expect(s.zones['zone-a']).toMatchObject({ status: 'full', verifiedAt: null })
		},
		{
			name: 'marshal:added again renames but keeps status and devices',
			event: next('marshal:added', {
				marshalId: 'marshal-aroha',
				displayName: 'Aroha W.',
				sectorId: null
			}),
			check: (s: EventState) =>
				expect(s.marshals['marshal-aroha']).toEqual({
					id: 'marshal-aroha',
					displayName: 'Aroha W.',
					sectorId: null,
					status: 'off-shift',
					devices: ['dev-1']
				})
		},
		{
			name: 'device:enrolled twice lists the device once',
			event: next('device:enrolled', { deviceId: 'dev-1', marshalId: 'marshal-aroha' }),
			check: (s: EventState) => expect(s.marshals['marshal-aroha'].devices).toEqual(['dev-1'])
		},
		{
			name: 'device:revoked of one of two phones keeps the marshal on shift',
			before: (s: EventState) =>
				applyAll(s, [
					{ ...next('device:enrolled', { deviceId: 'dev-2', marshalId: 'marshal-aroha' }), seq: 8 },
					{ ...next('marshal:shift-started', { marshalId: 'marshal-aroha' }), seq: 9 }
				]),
			event: {
				...next('device:revoked', { deviceId: 'dev-1', marshalId: 'marshal-aroha' }),
				seq: 10
			},
			check: (s: EventState) =>
				expect(s.marshals['marshal-aroha']).toMatchObject({
					devices: ['dev-2'],
					status: 'available'
				})
		},
		{
			name: 'marshal:status-set sets on-break',
			event: next('marshal:status-set', { marshalId: 'marshal-aroha', status: 'on-break' }),
			check: (s: EventState) => expect(s.marshals['marshal-aroha'].status).toBe('on-break')
		},
		{
			name: 'incident:reported without position or description omits both keys',
			event: next(
				'incident:reported',
				{ incidentId: 'inc-2', category: 'medical', severity: 2, onBehalf: false, sectorId: null },
				{ role: 'public' }
			),
			check: (s: EventState) => {
				expect(s.incidents['inc-2']).toMatchObject({
					state: 'reported',
					reportedBy: { role: 'public' }
				});
				expect('position' in s.incidents['inc-2']).toBe(false);
				expect('description' in s.incidents['inc-2']).toBe(false);
			}
		},
		{
			name: 'incident:state-changed to duplicate records what it duplicates',
			event: next('incident:state-changed', {
				incidentId: 'inc-1',
				from: 'reported',
				to: 'duplicate',
				duplicateOf: 'inc-0'
			}),
			check: (s: EventState) =>
				expect(s.incidents['inc-1']).toMatchObject({
					state: 'duplicate',
					duplicateOf: 'inc-0',
					updatedAt: at(100),
					reportedAt: at(6)
				})
		},
		{
			name: 'advisory:withdrawn marks it withdrawn at the event time',
			event: next('advisory:withdrawn', { advisoryId: 'adv-1' }),
			check: (s: EventState) =>
				expect(s.advisories['adv-1']).toMatchObject({
					id: 'adv-1',
					withdrawnAt: expect.any(String)
				})
		}
	])('$name', ({ event, check, before }) => {
		const s0 = before ? before(start) : start;
		const s = apply(s0, event);
		expect(s.seq).toBe(event.seq);
		check(s);
	});

	it.each([
		['zone:status-set', { zoneId: 'nope', status: 'closed', verified: true }],
		['device:enrolled', { deviceId: 'dev-9', marshalId: 'nope' }],
		['device:revoked', { deviceId: 'dev-1', marshalId: 'nope' }],
		['device:revoked', { deviceId: 'dev-1', marshalId: null }],
		['marshal:shift-started', { marshalId: 'nope' }],
		['marshal:shift-ended', { marshalId: 'nope' }],
		['marshal:status-set', { marshalId: 'nope', status: 'available' }],
		['incident:state-changed', { incidentId: 'nope', from: 'reported', to: 'resolved' }],
		['incident:noted', { incidentId: 'nope', noteId: 'n', text: 'x' }],
		['incident:linked', { incidentId: 'inc-1', otherId: 'nope' }],
		['incident:police-logged', { incidentId: 'nope', entryId: 'p', kind: 'requested' }],
		['incident:escalation-acknowledged', { incidentId: 'nope' }],
		['job:accepted', { jobId: 'nope' }],
		['job:declined', { jobId: 'nope', reason: 'x' }],
		['job:timed-out', { jobId: 'nope' }],
		['job:on-scene', { jobId: 'nope' }],
		['job:resolved', { jobId: 'nope', outcome: 'x' }],
		['job:withdrawn', { jobId: 'nope' }],
		['advisory:withdrawn', { advisoryId: 'nope' }]
	] as [JournalEventType, unknown][])(
		'%s for an unknown id changes nothing but seq',
		(type, data) => {
			const s = apply(start, next(type, data));
			expect(s).not.toBe(start);
			expect(s).toEqual({ ...start, seq: start.seq + 1 });
		}
	);
});

describe('apply: purity and idempotence', () => {
	const events = everyType();

	it('never mutates its input (deep-frozen states and events)', () => {
		let s = deepFreeze(emptyState('ev'));
		for (const e of events) {
			const before = structuredClone(s);
			const next = apply(s, deepFreeze(structuredClone(e)));
			expect(s).toEqual(before);
			s = deepFreeze(next);
		}
		expect(s.seq).toBe(events.length);
	});

	it('returns the very same state for an event at or below its seq', () => {
		const s = applyAll(emptyState('ev'), events);
		for (const e of events) expect(apply(s, e)).toBe(s);
		expect(apply(s, { ...events[0], seq: 0 })).toBe(s);
	});

	it('replaying the journal twice gives the same state', () => {
		const once = applyAll(emptyState('ev'), events);
		expect(applyAll(once, events)).toBe(once);
		expect(applyAll(emptyState('ev'), [...events, ...events])).toEqual(once);
	});

	it('ignores duplicates and replays of any earlier event, wherever they arrive', () => {
		const clean = applyAll(emptyState('ev'), events);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length - 1)), { maxLength: 30 }),
				(redeliveries) => {
					// Each pair (after, which): after event `after`, event `which` (<= after) arrives again.
					const stream: JournalEvent[] = [];
					events.forEach((e, i) => {
						stream.push(e);
						for (const [afterIdx, which] of redeliveries) {
							if (afterIdx === i) stream.push(events[Math.min(which, i)]);
						}
					});
					expect(applyAll(emptyState('ev'), stream)).toEqual(clean);
				}
			)
		);
	});
});

describe('apply: the Wellington demo journal', () => {
	it('folds to 3 sectors, every zone open, 10 marshals off shift', () => {
		const { events } = wellingtonDemo('demo', '2026-02-14T04:00:00.000Z');
		const numbered = events.map(
			(e, i) => JournalEventSchema.parse({ ...e, seq: i + 1 }) as JournalEvent
		);
		const s = applyAll(emptyState('demo'), numbered);
		const zoneCount = events.filter((e) => e.type === 'zone:set').length;
		expect(s.seq).toBe(events.length);
		expect(Object.keys(s.sectors)).toHaveLength(3);
		expect(Object.values(s.zones)).toHaveLength(zoneCount);
		expect(Object.values(s.zones).every((z) => z.status === 'open' && z.verifiedAt === null)).toBe(
			true
		);
		expect(Object.values(s.marshals)).toHaveLength(10);
		expect(Object.values(s.marshals).every((m) => m.status === 'off-shift')).toBe(true);
		expect(s.incidents).toEqual({});
		expect(s.jobs).toEqual({});
		expect(s.advisories).toEqual({});
	});
});
