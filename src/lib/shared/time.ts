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

/** The little of Temporal this module uses (in Chromium and Firefox; not yet in Node 20). */
export type TemporalApi = {
	Instant: {
		fromEpochMilliseconds(ms: number): {
			toZonedDateTimeISO(timezone: string): { hour: number; minute: number; second: number };
		};
	};
};

export type WallClock = { hour: number; minute: number; second: number };

const H_M_S = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;

function globalTemporal(): TemporalApi | undefined {
	return (globalThis as { Temporal?: TemporalApi }).Temporal;
}

/**
 * Hour, minute and second on the wall clocks of `timezone` at `instant`. Through Temporal where
 * the browser has it: the first Intl.DateTimeFormat in a page loads ICU's locale data and
 * pattern generator (40 ms in a quiet Chromium, 80-160 ms during the control room's load),
 * while Temporal's first use took 1.5-6 ms. Elsewhere (the server, older browsers), Intl.
 */
export function wallClock(
	instant: Date,
	timezone: string,
	temporal: TemporalApi | undefined = globalTemporal()
): WallClock {
	if (temporal) {
		const z = temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(
			timezone
		);
		return { hour: z.hour, minute: z.minute, second: z.second };
	}
	const parts = cachedFormat('en-GB', timezone, H_M_S).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
	return { hour: get('hour'), minute: get('minute'), second: get('second') };
}

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
export function formatLocalTime(iso: string | Date, timezone: string): string {
	const { hour, minute } = wallClock(typeof iso === 'string' ? new Date(iso) : iso, timezone);
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
