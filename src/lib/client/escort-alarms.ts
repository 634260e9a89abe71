/**
 * The control room's escort alarms, decided from the folded state alone (pure):
 * - an escort nobody accepted in time (or everyone asked declined): nobody is coming;
 * - a burst of refused escort requests from one device or address: one entry, one alarm,
 *   whose count grows without ringing again (its key does not change with the count).
 * Acknowledging goes through the journal, so it clears for every organiser at once.
 */
import { isOpenEscort } from '$lib/shared/vocabulary';
import type { EventState } from '$lib/shared/model';
import type { CommandName } from '$lib/shared/protocol';
import { formatLocalTime } from '$lib/shared/time';
import { byCodePoint } from '$lib/shared/text-order';

export type EscortAlarm =
	| { kind: 'escort-unanswered'; key: string; escortId: string; since: string }
	| { kind: 'escort-refusals'; key: string; groupId: string; since: string };

export function escortAlarms(state: Pick<EventState, 'escorts' | 'escortRefusals'>): EscortAlarm[] {
	const out: EscortAlarm[] = [];
	for (const e of Object.values(state.escorts)) {
		if (!e.alarm || !isOpenEscort(e)) continue;
		out.push({
			kind: 'escort-unanswered',
			key: `escort:${e.id}:${e.alarm.at}`,
			escortId: e.id,
			since: e.alarm.at
		});
	}
	for (const g of Object.values(state.escortRefusals ?? {})) {
		if (g.acknowledged) continue;
		out.push({ kind: 'escort-refusals', key: `refusals:${g.id}`, groupId: g.id, since: g.since });
	}
	return out.sort((a, b) => byCodePoint(a.since, b.since) || byCodePoint(a.key, b.key));
}

export function escortAlarmText(
	alarm: EscortAlarm,
	state: Pick<EventState, 'escorts' | 'escortRefusals'>,
	timezone: string
): { title: string; detail: string } {
	const time = formatLocalTime(alarm.since, timezone);
	if (alarm.kind === 'escort-refusals') {
		const g = state.escortRefusals[alarm.groupId];
		const from = g?.source === 'network' ? 'one network address' : 'one device';
		return {
			title: 'Escort requests refused',
			detail: `${g?.count ?? 'Several'} escort requests refused from ${from} since ${time} (too many). Possible abuse; nobody was offered them.`
		};
	}
	const e = state.escorts[alarm.escortId];
	const asked = e ? e.offeredTo.length : 0;
	return {
		title: 'Walk with me: nobody has accepted',
		detail: `Since ${time}. ${asked} marshal${asked === 1 ? '' : 's'} asked so far${e?.description ? `; “${e.description}”` : ''}. Offer it to someone or call them.`
	};
}

/** The command that acknowledges an escort alarm. */
export function escortAlarmAck(
	alarm: EscortAlarm
):
	| { command: Extract<CommandName, 'escort:acknowledge-alarm'>; payload: { escortId: string } }
	| { command: Extract<CommandName, 'escort:acknowledge-refusals'>; payload: { groupId: string } } {
	return alarm.kind === 'escort-unanswered'
		? { command: 'escort:acknowledge-alarm', payload: { escortId: alarm.escortId } }
		: { command: 'escort:acknowledge-refusals', payload: { groupId: alarm.groupId } };
}
