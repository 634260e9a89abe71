/**
 * Words and numbers the control room shows: who did something, how far, how long ago,
 * in the event's own time zone. Pure.
 */
import type { Actor, LngLat, Marshal } from '$lib/shared/model';
import { formatLocalTime, localMinutes } from '$lib/shared/time';

/**
 * "Aroha W. (marshal)", "Sam P. (organiser)", "Attendee", "System". The record is evidence:
 * it names who did what whenever the name is known (`organisers`: id -> display name).
 */
export function actorName(
	actor: Actor,
	marshals: Record<string, Marshal>,
	organisers: Readonly<Record<string, string>> = {}
): string {
	switch (actor.role) {
		case 'marshal': {
			const name = actor.id ? marshals[actor.id]?.displayName : undefined;
			return name ? `${name} (marshal)` : 'A marshal';
		}
		case 'organiser': {
			const name = actor.id ? organisers[actor.id] : undefined;
			return name ? `${name} (organiser)` : 'Organiser';
		}
		case 'public':
			return 'Attendee';
		default:
			return 'System';
	}
}

export function marshalName(id: string, marshals: Record<string, Marshal>): string {
	return marshals[id]?.displayName ?? id;
}

/** "350 m" below a kilometre, "1.2 km" above; "distance unknown" without a position. */
export function formatDistance(metres: number | null): string {
	if (metres === null || !Number.isFinite(metres)) return 'distance unknown';
	if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
	return `${(metres / 1000).toFixed(1)} km`;
}

/** "lng 174.77870, lat -41.29220": 5 decimals (about a metre), labelled so nobody swaps them. */
export function formatPosition(p: LngLat): string {
	return `lng ${p[0].toFixed(5)}, lat ${p[1].toFixed(5)}`;
}

/** "02:13:05" in the event's zone: the record keeps seconds. */
export { formatLocalTimeSeconds as formatTimeSeconds } from '$lib/shared/time';

/** "just now", "45 s ago", "12 min ago", "3 h ago". */
export function ago(iso: string, now: Date): string {
	const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
	if (!Number.isFinite(s)) return 'unknown';
	if (s < 5) return 'just now';
	if (s < 60) return `${s} s ago`;
	if (s < 3600) return `${Math.floor(s / 60)} min ago`;
	return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
}

/**
 * "under a minute ago", "3 min ago (02:11)": when a marshal's phone last gave a position,
 * in words that change once a minute at most. Phones send every few seconds; a roster that
 * rewrote 500 clock times each second kept the control room's main thread busy for nothing.
 */
export function lastSeenWords(iso: string, now: Date, timezone: string): string {
	const s = (now.getTime() - Date.parse(iso)) / 1000;
	if (!Number.isFinite(s)) return 'unknown';
	if (s < 60) return 'under a minute ago';
	return `${ago(iso, now)} (${formatLocalTime(iso, timezone)})`;
}

/**
 * The latest instant at or before `now` whose local time in `timezone` is `hhmm`: what an
 * organiser means by "police arrived at 02:10" during the night.
 */
export function localTimeToIso(hhmm: string, timezone: string, now: Date): string | null {
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
	if (!m) return null;
	const target = Number(m[1]) * 60 + Number(m[2]);
	const minutesAgo = (localMinutes(now, timezone) - target + 1440) % 1440;
	const t = new Date(now.getTime() - minutesAgo * 60_000);
	t.setUTCSeconds(0, 0);
	return t.toISOString();
}
