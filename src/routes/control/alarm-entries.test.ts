import { describe, expect, it } from 'vitest';
import type { Alarm } from '$lib/client/alarms';
import type { EscortAlarm } from '$lib/client/escort-alarms';
import type { Incident } from '$lib/shared/model';
import {
	ALARM_LINES,
	escortAlarmEntries,
	incidentAlarmEntries,
	listedAlarms
} from './alarm-entries';

const describeIt = (a: { key: string }) => ({ title: `T ${a.key}`, detail: `D ${a.key}` });

function alarm(kind: Alarm['kind'], incidentId: string): Alarm {
	return {
		incidentId,
		kind,
		severity: 4,
		since: '2026-06-01T02:00:00.000Z',
		key: `${kind}:${incidentId}`,
		incident: { id: incidentId } as Incident
	};
}

describe('incident alarm entries', () => {
	it('say what kind of trouble, carry the record link and the test ids the page had', () => {
		const [fresh, escalated] = incidentAlarmEntries(
			[alarm('unacknowledged', 'i1'), alarm('escalation', 'i2')],
			describeIt
		);
		expect(fresh).toMatchObject({
			lead: 'New, not acknowledged',
			text: 'T unacknowledged:i1. D unacknowledged:i1',
			label: 'T unacknowledged:i1',
			itemTestId: 'alarm-item-i1',
			ackTestId: 'alarm-ack-i1',
			open: { incidentId: 'i1', testId: 'alarm-open-i1' }
		});
		expect(escalated.lead).toBe('Nobody on the way');
		expect(escalated.alarm.incidentId).toBe('i2');
	});
});

describe('escort alarm entries', () => {
	it('name the escort or the refused group, with no record link', () => {
		const alarms: EscortAlarm[] = [
			{ kind: 'escort-unanswered', key: 'escort:e1', escortId: 'e1', since: '' },
			{ kind: 'escort-refusals', key: 'refusals:g1', groupId: 'g1', since: '' }
		];
		const [unanswered, refusals] = escortAlarmEntries(alarms, describeIt);
		expect(unanswered).toMatchObject({
			lead: 'T escort:e1',
			text: 'D escort:e1',
			itemTestId: 'escort-alarm-e1',
			ackTestId: 'escort-alarm-ack-e1'
		});
		expect(unanswered.open).toBeUndefined();
		expect(refusals.itemTestId).toBe('escort-alarm-g1');
		expect(refusals.kind).toBe('escort-refusals');
	});
});

describe('listed alarms', () => {
	const many = Array.from({ length: ALARM_LINES + 3 }, (_, i) => alarm('unacknowledged', `i${i}`));

	it('lists the first few, in the order given, until expanded', () => {
		expect(listedAlarms(many, false).map((a) => a.incidentId)).toEqual(
			many.slice(0, ALARM_LINES).map((a) => a.incidentId)
		);
		expect(listedAlarms(many, true)).toHaveLength(ALARM_LINES + 3);
	});

	it('lists every alarm when there are only a few', () => {
		const few = many.slice(0, 2);
		expect(listedAlarms(few, false)).toEqual(few);
	});
});
