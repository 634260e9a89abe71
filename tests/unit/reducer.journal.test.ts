/**
 * The reducer over whole journals: the journal of every event type in
 * support/reducer-journal.ts folds into exactly the expected state, and the seeded
 * Wellington demo into its three sectors, open zones and marshals off shift.
 */
import { describe, expect, it } from 'vitest';
import {
	JOURNAL_EVENT_TYPES,
	JournalEventSchema,
	type JournalEvent,
	type JournalEventType
} from '$lib/shared/journal';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { wellingtonDemo } from '$lib/server/demo/wellington';
import { ORGANISER, AROHA, at, RING, everyType, INC_2 } from './support/reducer-journal';

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
