/**
 * The reducer one event at a time: each case folds a single event onto the set-up of
 * support/reducer-journal.ts and checks what it changed, or that a stray event (unknown
 * ids, wrong state) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { JournalEventSchema, type JournalEvent, type JournalEventType } from '$lib/shared/journal';
import type { EventState } from '$lib/shared/model';
import { apply, applyAll } from '$lib/shared/reducer';
import { ORGANISER, at, RING, base } from './support/reducer-journal';

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
