/**
 * What one line of an alarm banner says and which test ids it carries, for incident and
 * escort alarms alike, so both banners are the same component. Pure.
 */
import type { Alarm } from '$lib/client/alarms';
import type { EscortAlarm } from '$lib/client/escort-alarms';

export type AlarmEntry<A> = {
	alarm: A;
	key: string;
	kind: string;
	/** The bold start of the line: what kind of trouble. */
	lead: string;
	/** The rest of the line. */
	text: string;
	/** Names the alarm for screen readers on its buttons. */
	label: string;
	itemTestId: string;
	ackTestId: string;
	/** Set when the line has an "Open record" button. */
	open?: { incidentId: string; testId: string };
};

type Describe<A> = (alarm: A) => { title: string; detail: string };

/**
 * Lines a banner shows before "Show all": a bad night can hold dozens of alarms, and a
 * banner listing them all would push the map off the screen (and cost a long task to draw).
 * Sound, title and notifications still cover every alarm; the queue lists them all.
 */
export const ALARM_LINES = 5;

/** The alarms a banner lists: the first ALARM_LINES in the order given, or all when expanded. */
export function listedAlarms<A>(alarms: readonly A[], expanded: boolean): readonly A[] {
	return expanded || alarms.length <= ALARM_LINES ? alarms : alarms.slice(0, ALARM_LINES);
}

export function incidentAlarmEntries(
	alarms: readonly Alarm[],
	describe: Describe<Alarm>
): AlarmEntry<Alarm>[] {
	return alarms.map((alarm) => {
		const { title, detail } = describe(alarm);
		return {
			alarm,
			key: alarm.key,
			kind: alarm.kind,
			lead: alarm.kind === 'escalation' ? 'Nobody on the way' : 'New, not acknowledged',
			text: `${title}. ${detail}`,
			label: title,
			itemTestId: `alarm-item-${alarm.incidentId}`,
			ackTestId: `alarm-ack-${alarm.incidentId}`,
			open: { incidentId: alarm.incidentId, testId: `alarm-open-${alarm.incidentId}` }
		};
	});
}

export function escortAlarmEntries(
	alarms: readonly EscortAlarm[],
	describe: Describe<EscortAlarm>
): AlarmEntry<EscortAlarm>[] {
	return alarms.map((alarm) => {
		const { title, detail } = describe(alarm);
		const id = alarm.kind === 'escort-unanswered' ? alarm.escortId : alarm.groupId;
		return {
			alarm,
			key: alarm.key,
			kind: alarm.kind,
			lead: title,
			text: detail,
			label: title,
			itemTestId: `escort-alarm-${id}`,
			ackTestId: `escort-alarm-ack-${id}`
		};
	});
}
