/**
 * The control room's alarms: incidents that need someone and escorts in trouble, their
 * words, how each is acknowledged, and one sound and one set of notifications for both.
 * Call during component set-up (the controller's effects belong to the page).
 */
import { useAlarmController } from '$lib/client/alarm-controller.svelte';
import { activeAlarms, alarmAck, alarmText, type Alarm } from '$lib/client/alarms';
import {
	escortAlarmAck,
	escortAlarms,
	escortAlarmText,
	type EscortAlarm
} from '$lib/client/escort-alarms';
import type { EventState } from '$lib/shared/model';
import type { Ack } from '$lib/shared/protocol';
import type { Send } from './actions';

export type ControlAlarms = ReturnType<typeof useControlAlarms>;

export function useControlAlarms(page: {
	event: () => EventState;
	timezone: () => string;
	send: Send;
	/** Opens an incident's record (a notification about it was clicked). */
	openRecord: (incidentId: string) => void;
}) {
	const alarms = $derived(activeAlarms(page.event()));
	const describeAlarm = (a: Alarm) => alarmText(a, page.event(), page.timezone());
	const escortAlarmList = $derived(escortAlarms(page.event()));
	const describeEscortAlarm = (a: EscortAlarm) => escortAlarmText(a, page.event(), page.timezone());
	// One sound and one set of notifications for incidents and escorts alike.
	const ringing = $derived<(Alarm | EscortAlarm)[]>([...alarms, ...escortAlarmList]);
	const controller = useAlarmController<Alarm | EscortAlarm>({
		alarms: () => ringing,
		describe: (a) => ('incident' in a ? describeAlarm(a) : describeEscortAlarm(a)),
		onNotificationClick: (a) => {
			if ('incident' in a) page.openRecord(a.incidentId);
			else document.getElementById('escorts-heading')?.scrollIntoView({ block: 'start' });
		}
	});

	function acknowledgeEscort(alarm: EscortAlarm): Promise<Ack> {
		const a = escortAlarmAck(alarm);
		return a.command === 'escort:acknowledge-alarm'
			? page.send(a.command, a.payload)
			: page.send(a.command, a.payload);
	}

	function acknowledge(alarm: Alarm): Promise<Ack> {
		const a = alarmAck(alarm);
		return a.command === 'incident:transition'
			? page.send(a.command, a.payload)
			: page.send(a.command, a.payload);
	}

	return {
		/** Incidents that need someone. */
		get incidents(): Alarm[] {
			return alarms;
		},
		get escorts(): EscortAlarm[] {
			return escortAlarmList;
		},
		/** Everything sounding, incidents and escorts. */
		get ringing(): (Alarm | EscortAlarm)[] {
			return ringing;
		},
		controller,
		describeAlarm,
		describeEscortAlarm,
		acknowledge,
		acknowledgeEscort
	};
}
