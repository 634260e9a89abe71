/**
 * The hour, minute and second on a time zone's wall clocks at an instant: what every time
 * Haven shows is made of (times are the event's local time on every page).
 *
 * In a browser with Temporal (Chromium, Firefox), through Temporal: the first
 * Intl.DateTimeFormat in a page loads ICU's locale data and pattern generator (40 ms in a
 * quiet Chromium, 80-160 ms during the control room's load), while Temporal's first use took
 * 1.5-6 ms. Each Temporal lookup still costs about 0.4 ms, so it is asked once per stretch
 * of constant UTC offset (between two transitions, e.g. a DST change) and the rest is
 * arithmetic. Elsewhere (the server on Node 20, older browsers), Intl with cached formatters.
 */

/** The little of Temporal this module uses. */
export type TemporalApi = {
	Instant: { fromEpochMilliseconds(ms: number): { toZonedDateTimeISO(timezone: string): Zoned } };
};
type Zoned = {
	hour: number;
	minute: number;
	second: number;
	offsetNanoseconds: number;
	getTimeZoneTransition(direction: 'next' | 'previous'): { epochMilliseconds: number } | null;
};

export type WallClock = { hour: number; minute: number; second: number };

function globalTemporal(): TemporalApi | undefined {
	return (globalThis as { Temporal?: TemporalApi }).Temporal;
}

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

const H_M_S = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;

/** A stretch of time in which a zone's UTC offset does not change: [from, to). */
type OffsetSpan = { from: number; to: number; offsetMs: number };
/** The last span looked up, per Temporal implementation and zone. */
const spans = new WeakMap<TemporalApi, Map<string, OffsetSpan>>();

function offsetSpan(ms: number, timezone: string, temporal: TemporalApi): OffsetSpan {
	let byZone = spans.get(temporal);
	if (!byZone) spans.set(temporal, (byZone = new Map()));
	const known = byZone.get(timezone);
	if (known && ms >= known.from && ms < known.to) return known;
	const at = (t: number) => temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timezone);
	const z = at(ms);
	const previous = z.getTimeZoneTransition('previous');
	const next = z.getTimeZoneTransition('next');
	// 'previous' is the transition strictly before `ms`: when `ms` is a transition itself,
	// the offset changed at `ms`, and the span starts there.
	const changedHere = at(ms - 1).offsetNanoseconds !== z.offsetNanoseconds;
	const span = {
		from: changedHere ? ms : (previous?.epochMilliseconds ?? -Infinity),
		to: next?.epochMilliseconds ?? Infinity,
		offsetMs: z.offsetNanoseconds / 1e6
	};
	byZone.set(timezone, span);
	return span;
}

export function wallClock(
	instant: Date,
	timezone: string,
	temporal: TemporalApi | undefined = globalTemporal()
): WallClock {
	const ms = instant.getTime();
	if (temporal) {
		const local = new Date(ms + offsetSpan(ms, timezone, temporal).offsetMs);
		return {
			hour: local.getUTCHours(),
			minute: local.getUTCMinutes(),
			second: local.getUTCSeconds()
		};
	}
	const parts = cachedFormat('en-GB', timezone, H_M_S).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
	return { hour: get('hour'), minute: get('minute'), second: get('second') };
}
