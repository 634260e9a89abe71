import { describe, expect, it } from 'vitest';
import type { Escalation, Incident, Job } from '$lib/shared/model';
import { activeAlarms, alarmAck, alarmText, alarmTitle, newAlarms } from './alarms';

function incident(id: string, over: Partial<Incident> = {}): Incident {
	return {
		id,
		category: 'hate-assault',
		severity: 3,
		state: 'reported',
		onBehalf: false,
		reportedAt: '2025-07-05T14:00:00Z',
		reportedBy: { role: 'marshal', id: 'm1' },
		sectorId: null,
		updatedAt: '2025-07-05T14:00:00Z',
		notes: [],
		links: [],
		police: [],
		timeline: [],
		escalation: null,
		...over
	};
}

const byId = (...list: Incident[]) => ({
	incidents: Object.fromEntries(list.map((i) => [i.id, i]))
});
const escalation = (reason: Escalation['reason'], jobId = 'j1'): Escalation => ({
	reason,
	at: '2025-07-05T14:05:00Z',
	jobId
});

describe('activeAlarms', () => {
	const cases: { name: string; incidents: Incident[]; expected: [string, string][] }[] = [
		{ name: 'nothing reported', incidents: [], expected: [] },
		{
			name: 'severity 3 and 4 reported sound; 1 and 2 do not',
			incidents: [
				incident('s1', { severity: 1 }),
				incident('s2', { severity: 2 }),
				incident('s3', { severity: 3 }),
				incident('s4', { severity: 4 })
			],
			expected: [
				['s4', 'unacknowledged'],
				['s3', 'unacknowledged']
			]
		},
		{
			name: 'acknowledged or later: no longer new',
			incidents: [
				incident('a', { state: 'acknowledged', severity: 4 }),
				incident('d', { state: 'dispatched', severity: 4 }),
				incident('r', { state: 'resolved', severity: 4 })
			],
			expected: []
		},
		{
			name: 'an escalation sounds whatever the severity and state',
			incidents: [
				incident('low', { severity: 1, state: 'dispatched', escalation: escalation('declined') }),
				incident('t', { severity: 2, state: 'dispatched', escalation: escalation('timed-out') })
			],
			expected: [
				['t', 'escalation'],
				['low', 'escalation']
			]
		},
		{
			name: 'one alarm per incident: a reported one is acknowledged as a whole',
			incidents: [incident('both', { severity: 4, escalation: escalation('declined') })],
			expected: [['both', 'unacknowledged']]
		},
		{
			name: 'same severity: the one waiting longest first',
			incidents: [
				incident('late', { reportedAt: '2025-07-05T14:10:00Z' }),
				incident('early', { reportedAt: '2025-07-05T13:50:00Z' })
			],
			expected: [
				['early', 'unacknowledged'],
				['late', 'unacknowledged']
			]
		}
	];
	it.each(cases)('$name', ({ incidents, expected }) => {
		expect(activeAlarms(byId(...incidents)).map((a) => [a.incidentId, a.kind])).toEqual(expected);
	});

	it('a new escalation on the same incident is a new alarm (new key)', () => {
		const [first] = activeAlarms(
			byId(incident('x', { state: 'dispatched', escalation: escalation('declined', 'j1') }))
		);
		const [second] = activeAlarms(
			byId(incident('x', { state: 'dispatched', escalation: escalation('timed-out', 'j2') }))
		);
		expect(first.key).not.toBe(second.key);
		expect(newAlarms(new Set([first.key]), [second])).toEqual([second]);
		expect(newAlarms(new Set([first.key]), [first])).toEqual([]);
	});
});

describe('alarmAck', () => {
	it('acknowledges a new incident by its state, an escalation by its own command', () => {
		const [a] = activeAlarms(byId(incident('n', { severity: 4 })));
		expect(alarmAck(a)).toEqual({
			command: 'incident:transition',
			payload: { incidentId: 'n', to: 'acknowledged' }
		});
		const [b] = activeAlarms(
			byId(incident('e', { state: 'dispatched', escalation: escalation('declined') }))
		);
		expect(alarmAck(b)).toEqual({
			command: 'incident:acknowledge-escalation',
			payload: { incidentId: 'e' }
		});
	});
});

describe('alarmTitle', () => {
	it('prefixes the title only while an alarm is active', () => {
		const alarms = activeAlarms(byId(incident('n')));
		expect(alarmTitle('Control room', alarms)).toBe('(!) Control room');
		expect(alarmTitle('Control room', [])).toBe('Control room');
	});
});

describe('alarmText', () => {
	const job: Job = {
		id: 'j1',
		incidentId: 'e',
		marshalId: 'm1',
		state: 'declined',
		offeredAt: '2025-07-05T14:00:00Z',
		respondBy: '2025-07-05T14:02:00Z',
		updatedAt: '2025-07-05T14:05:00Z',
		reason: 'Too far away'
	};
	const marshals = {
		m1: {
			id: 'm1',
			displayName: 'Aroha W.',
			sectorId: null,
			status: 'available' as const,
			devices: []
		}
	};
	it('names who declined and why, in the event time zone', () => {
		const [a] = activeAlarms(
			byId(incident('e', { state: 'dispatched', escalation: escalation('declined') }))
		);
		const text = alarmText(a, { jobs: { j1: job }, marshals }, 'Pacific/Auckland');
		expect(text.title).toBe('Severity 3: Hate-motivated assault');
		expect(text.detail).toContain('Aroha W. declined the job at 02:05');
		expect(text.detail).toContain('Too far away');
	});
	it('says nobody answered on a timeout', () => {
		const [a] = activeAlarms(
			byId(incident('e', { state: 'dispatched', escalation: escalation('timed-out') }))
		);
		const text = alarmText(a, { jobs: { j1: { ...job, state: 'timed-out' } }, marshals }, 'UTC');
		expect(text.detail).toBe('No answer from Aroha W. by 14:05. Nobody is on the way.');
	});
	it('a new report says when', () => {
		const [a] = activeAlarms(byId(incident('n')));
		expect(alarmText(a, { jobs: {}, marshals: {} }, 'UTC').detail).toBe(
			'Reported 14:00, not acknowledged yet.'
		);
	});
});
