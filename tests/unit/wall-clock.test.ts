import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { formatLocalTimeSeconds } from '$lib/shared/time';
import { wallClock, type TemporalApi } from '$lib/shared/wall-clock';

const TEMPORAL = Temporal as unknown as TemporalApi;
const ZONES = [
	'Pacific/Auckland',
	'Pacific/Chatham',
	'Europe/London',
	'America/New_York',
	'Asia/Kolkata',
	'Australia/Adelaide',
	'UTC'
];

describe('wallClock', () => {
	it('reads the same wall clock through Temporal as through Intl, DST changes included', () => {
		// 2026 in full: Auckland's clocks go back on 5 April and forward on 27 September.
		const from = Date.UTC(2026, 0, 1);
		const to = Date.UTC(2027, 0, 1);
		fc.assert(
			fc.property(fc.integer({ min: from, max: to }), fc.constantFrom(...ZONES), (ms, zone) => {
				const at = new Date(ms);
				expect(wallClock(at, zone, TEMPORAL)).toEqual(wallClock(at, zone, undefined));
			}),
			{ numRuns: 2000 }
		);
	});

	it('follows Auckland through the night its clocks go back (03:00 NZDT is 02:00 NZST)', () => {
		// 13:59:59 UTC on 4 April 2026 is 02:59:59 NZDT; a second later it is 02:00:00 NZST.
		for (const temporal of [TEMPORAL, undefined]) {
			const before = wallClock(new Date('2026-04-04T13:59:59Z'), 'Pacific/Auckland', temporal);
			const after = wallClock(new Date('2026-04-04T14:00:00Z'), 'Pacific/Auckland', temporal);
			expect(before).toEqual({ hour: 2, minute: 59, second: 59 });
			expect(after).toEqual({ hour: 2, minute: 0, second: 0 });
		}
	});

	it('stays right when walking across transitions, forwards and back (cached offsets)', () => {
		// Every 7 minutes (and a second) over the two nights Auckland's clocks change, and
		// over London's, in both directions: each step may reuse the offset looked up before.
		const nights = [
			['Pacific/Auckland', '2026-04-04T10:00:00Z'],
			['Pacific/Auckland', '2026-09-26T10:00:00Z'],
			['Europe/London', '2026-03-29T00:00:00Z'],
			['Pacific/Chatham', '2026-04-04T10:00:00Z']
		] as const;
		for (const [zone, start] of nights) {
			const from = Date.parse(start);
			const steps = Array.from({ length: 120 }, (_, i) => from + i * 421_000);
			for (const ms of [...steps, ...steps.reverse()]) {
				const at = new Date(ms);
				expect(wallClock(at, zone, TEMPORAL), at.toISOString()).toEqual(
					wallClock(at, zone, undefined)
				);
			}
		}
	});

	it('is right at the very instant of a transition and around it', () => {
		const change = Date.parse('2026-04-04T14:00:00Z'); // 03:00 NZDT becomes 02:00 NZST
		// A fresh cache, whose first lookup is the transition itself: the offset it finds must
		// not be taken to hold before it.
		const fresh = { Instant: TEMPORAL.Instant };
		for (const ms of [change, change - 1000, change - 1, change + 1, change + 1000]) {
			const at = new Date(ms);
			expect(wallClock(at, 'Pacific/Auckland', fresh), at.toISOString()).toEqual(
				wallClock(at, 'Pacific/Auckland', undefined)
			);
		}
	});

	it('refuses an unknown time zone either way', () => {
		expect(() => wallClock(new Date(), 'Mars/Olympus', TEMPORAL)).toThrow(RangeError);
		expect(() => wallClock(new Date(), 'Mars/Olympus', undefined)).toThrow(RangeError);
	});
});

describe('formatLocalTimeSeconds', () => {
	it('writes 24-hour times with seconds and leading zeros, from any form of instant', () => {
		expect(formatLocalTimeSeconds('2025-07-05T14:03:09Z', 'Pacific/Auckland')).toBe('02:03:09');
		expect(formatLocalTimeSeconds(new Date('2025-07-05T11:30:00Z'), 'Pacific/Auckland')).toBe(
			'23:30:00'
		);
		expect(formatLocalTimeSeconds(Date.parse('2025-07-05T12:00:00Z'), 'UTC')).toBe('12:00:00');
	});
});
