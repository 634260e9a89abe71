/**
 * Which alarms are active, decided from the folded event state alone (pure, no browser).
 *
 * Two things sound the alarm in the control room:
 * - a new incident of high severity (3 or 4) that nobody has acknowledged yet ('reported');
 * - an escalation: a job the control room offered was declined or went unanswered, so
 *   nobody is on the way. A refusal is never the end of the request.
 *
 * Acknowledging goes through the journal (a command), so it clears the alarm for every
 * organiser at once; nothing here is per-browser except which alarms were already notified.
 */
import type { EventState, Incident } from '$lib/shared/model';
import { CATEGORY_LABELS } from '$lib/shared/categories';
import type { CommandPayload } from '$lib/shared/protocol';
import { formatLocalTime } from '$lib/shared/time';
import { byCodePoint } from '$lib/shared/text-order';

/** Severity from which a new, unacknowledged incident sounds the alarm. */
export const ALARM_SEVERITY = 3;

export type AlarmKind = 'unacknowledged' | 'escalation';

export type Alarm = {
	incidentId: string;
	/** What acknowledging does: acknowledge the incident, or acknowledge the escalation. */
	kind: AlarmKind;
	severity: number;
	/** When the alarm began: the report, or the decline / timeout. */
	since: string;
	/**
	 * Identity of this alarm for notifications: the same alarm keeps its key; a new
	 * escalation on the same incident (another decline) gets a new one.
	 */
	key: string;
	incident: Incident;
};

function alarmOf(incident: Incident): Alarm | null {
	// Acknowledging a reported incident also clears any escalation (the fold does both).
	if (incident.state === 'reported' && incident.severity >= ALARM_SEVERITY) {
		return {
			incidentId: incident.id,
			kind: 'unacknowledged',
			severity: incident.severity,
			since: incident.reportedAt,
			key: `${incident.id}:new`,
			incident
		};
	}
	const e = incident.escalation;
	if (e) {
		return {
			incidentId: incident.id,
			kind: 'escalation',
			severity: incident.severity,
			since: e.at,
			key: `${incident.id}:escalation:${e.jobId}:${e.at}`,
			incident
		};
	}
	return null;
}

/** Active alarms, one per incident: worst first, then the one waiting longest. */
export function activeAlarms(state: Pick<EventState, 'incidents'>): Alarm[] {
	const out: Alarm[] = [];
	for (const incident of Object.values(state.incidents)) {
		const alarm = alarmOf(incident);
		if (alarm) out.push(alarm);
	}
	return out.sort(
		(a, b) => b.severity - a.severity || byCodePoint(a.since, b.since) || byCodePoint(a.key, b.key)
	);
}

/** Alarms whose key is not in `seen` (not yet notified), in the order given. */
export function newAlarms<A extends { key: string }>(
	seen: ReadonlySet<string>,
	alarms: readonly A[]
): A[] {
	return alarms.filter((a) => !seen.has(a.key));
}

/** The document title: "(!) " in front while any alarm is active. */
export function alarmTitle(title: string, alarms: readonly unknown[]): string {
	return alarms.length > 0 ? `(!) ${title}` : title;
}

export type AlarmAck =
	| {
			command: 'incident:transition';
			payload: Omit<CommandPayload<'incident:transition'>, 'commandId'>;
	  }
	| {
			command: 'incident:acknowledge-escalation';
			payload: Omit<CommandPayload<'incident:acknowledge-escalation'>, 'commandId'>;
	  };

/** The command that acknowledges an alarm. */
export function alarmAck(alarm: Alarm): AlarmAck {
	return alarm.kind === 'unacknowledged'
		? {
				command: 'incident:transition',
				payload: { incidentId: alarm.incidentId, to: 'acknowledged' }
			}
		: { command: 'incident:acknowledge-escalation', payload: { incidentId: alarm.incidentId } };
}

/** One line saying what the alarm is, for the banner and for a notification. */
export function alarmText(
	alarm: Alarm,
	state: Pick<EventState, 'jobs' | 'marshals'>,
	timezone: string
): { title: string; detail: string } {
	const i = alarm.incident;
	const title = `Severity ${i.severity}: ${CATEGORY_LABELS[i.category]}`;
	const time = formatLocalTime(alarm.since, timezone);
	if (alarm.kind === 'unacknowledged') {
		return { title, detail: `Reported ${time}, not acknowledged yet.` };
	}
	const e = i.escalation;
	const job = e ? state.jobs[e.jobId] : undefined;
	const name = job ? (state.marshals[job.marshalId]?.displayName ?? job.marshalId) : 'A marshal';
	if (e?.reason === 'declined') {
		const why = job?.reason ? `: “${job.reason}”` : '';
		return { title, detail: `${name} declined the job at ${time}${why}. Nobody is on the way.` };
	}
	return { title, detail: `No answer from ${name} by ${time}. Nobody is on the way.` };
}
