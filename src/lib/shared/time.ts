import type { OpeningInterval } from './model';
import { wallClock } from './wall-clock';

const two = (n: number) => String(n).padStart(2, '0');

/** Minutes since local midnight in `timezone` at `instant`. */
export function localMinutes(instant: Date, timezone: string): number {
	const { hour, minute } = wallClock(instant, timezone);
	return hour * 60 + minute;
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
export function formatLocalTime(iso: string | Date | number, timezone: string): string {
	const { hour, minute } = wallClock(new Date(iso), timezone);
	return `${two(hour)}:${two(minute)}`;
}

/** "02:13:05" in the event's zone: records keep seconds. */
export function formatLocalTimeSeconds(iso: string | Date | number, timezone: string): string {
	const { hour, minute, second } = wallClock(new Date(iso), timezone);
	return `${two(hour)}:${two(minute)}:${two(second)}`;
}

export function formatHours(hours: readonly OpeningInterval[]): string {
	if (hours.length === 0) return 'Hours not set';
	return hours.map((h) => `${h.from}–${h.to}`).join(', ');
}
