import type { OpeningInterval } from './model';

/**
 * Formatters by kind and time zone. Making an Intl.DateTimeFormat costs far more than using
 * one (tens of microseconds to milliseconds): a control room formatting a time for each of
 * hundreds of rows, every second, must not make one per call.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function cachedFormat(
	locale: string,
	timezone: string,
	options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>
): Intl.DateTimeFormat {
	const key = `${locale}|${timezone}|${JSON.stringify(options)}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
		formatters.set(key, f);
	}
	return f;
}

const HOUR_MINUTE = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** Minutes since local midnight in `timezone` at `instant`. */
export function localMinutes(instant: Date, timezone: string): number {
	const parts = cachedFormat('en-GB', timezone, HOUR_MINUTE).formatToParts(instant);
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
	return cachedFormat('en-NZ', timezone, HOUR_MINUTE).format(
		typeof iso === 'string' ? new Date(iso) : iso
	);
}

export function formatHours(hours: readonly OpeningInterval[]): string {
	if (hours.length === 0) return 'Hours not set';
	return hours.map((h) => `${h.from}–${h.to}`).join(', ');
}
