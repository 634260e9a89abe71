import type { OpeningInterval } from './model';

/** Minutes since local midnight in `timezone` at `instant`. */
export function localMinutes(instant: Date, timezone: string): number {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: timezone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
	return get('hour') * 60 + get('minute');
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether any daily interval covers `instant`; an interval ending at or before it starts runs past midnight. */
export function isOpenAt(
	hours: readonly OpeningInterval[],
	instant: Date,
	timezone: string
): boolean {
	const now = localMinutes(instant, timezone);
	return hours.some(({ from, to }) => {
		const f = toMinutes(from);
		const t = toMinutes(to);
		return t > f ? now >= f && now < t : now >= f || now < t;
	});
}

/** "21:30" in the event's zone: every time on every page is the event's local time. */
export function formatLocalTime(iso: string | Date, timezone: string): string {
	return new Intl.DateTimeFormat('en-NZ', {
		timeZone: timezone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatHours(hours: readonly OpeningInterval[]): string {
	if (hours.length === 0) return 'Hours not set';
	return hours.map((h) => `${h.from}–${h.to}`).join(', ');
}
