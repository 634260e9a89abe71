import { afterEach, describe, expect, it } from 'vitest';
import { formatHours, formatLocalTime, isOpenAt, localMinutes } from '$lib/shared/time';
import type { OpeningInterval } from '$lib/shared/model';

const NZ = 'Pacific/Auckland';

/*
 * New Zealand: NZST is UTC+12, NZDT (summer) is UTC+13.
 * 2025: daylight time ended Sun 6 April 03:00 NZDT (= 2025-04-05T14:00Z, clocks back to 02:00);
 * it began Sun 28 September 02:00 NZST (= 2025-09-27T14:00Z, clocks forward to 03:00).
 */

describe('localMinutes', () => {
	it.each([
		['2025-02-14T15:30:00Z', NZ, 4 * 60 + 30], // summer, UTC+13
		['2025-06-14T16:30:00Z', NZ, 4 * 60 + 30], // winter, UTC+12
		['2025-06-14T15:30:00Z', NZ, 3 * 60 + 30],
		['2025-02-14T11:00:00Z', NZ, 0], // midnight is 0, not 24:00
		['2025-02-14T10:59:00Z', NZ, 23 * 60 + 59],
		['2025-02-14T15:30:00Z', 'UTC', 15 * 60 + 30]
	])('%s in %s is minute %i', (iso, tz, minutes) => {
		expect(localMinutes(new Date(iso), tz)).toBe(minutes);
	});
});

describe('isOpenAt', () => {
	const evening: OpeningInterval[] = [{ from: '18:00', to: '23:00' }];
	const overnight: OpeningInterval[] = [{ from: '18:00', to: '06:00' }];
	const split: OpeningInterval[] = [
		{ from: '12:00', to: '15:00' },
		{ from: '20:00', to: '02:00' }
	];
	const untilMidnight: OpeningInterval[] = [{ from: '18:00', to: '00:00' }];
	const allDay: OpeningInterval[] = [{ from: '00:00', to: '00:00' }];

	// All instants are February (NZDT, UTC+13): local = UTC + 13 h.
	it.each([
		{ name: 'same day, before opening', hours: evening, utc: '2025-02-14T04:59:00Z', open: false }, // 17:59
		{ name: 'same day, at opening', hours: evening, utc: '2025-02-14T05:00:00Z', open: true }, // 18:00
		{ name: 'same day, inside', hours: evening, utc: '2025-02-14T08:30:00Z', open: true }, // 21:30
		{ name: 'same day, at closing', hours: evening, utc: '2025-02-14T10:00:00Z', open: false }, // 23:00
		{ name: 'overnight, evening', hours: overnight, utc: '2025-02-14T09:00:00Z', open: true }, // 22:00
		{ name: 'overnight, midnight', hours: overnight, utc: '2025-02-14T11:00:00Z', open: true }, // 00:00
		{ name: 'overnight, 04:30', hours: overnight, utc: '2025-02-14T15:30:00Z', open: true },
		{ name: 'overnight, 05:59', hours: overnight, utc: '2025-02-14T16:59:00Z', open: true },
		{ name: 'overnight, 06:00', hours: overnight, utc: '2025-02-14T17:00:00Z', open: false },
		{ name: 'overnight, 07:00', hours: overnight, utc: '2025-02-14T18:00:00Z', open: false },
		{ name: 'overnight, afternoon', hours: overnight, utc: '2025-02-14T02:00:00Z', open: false }, // 15:00
		{ name: 'split, lunch', hours: split, utc: '2025-02-14T00:30:00Z', open: true }, // 13:30
		{ name: 'split, gap', hours: split, utc: '2025-02-14T04:00:00Z', open: false }, // 17:00
		{ name: 'split, 01:00', hours: split, utc: '2025-02-14T12:00:00Z', open: true },
		{ name: 'split, 03:00', hours: split, utc: '2025-02-14T14:00:00Z', open: false },
		{
			name: 'until midnight, 23:59',
			hours: untilMidnight,
			utc: '2025-02-14T10:59:00Z',
			open: true
		},
		{
			name: 'until midnight, 00:00',
			hours: untilMidnight,
			utc: '2025-02-14T11:00:00Z',
			open: false
		},
		{ name: 'from == to is all day', hours: allDay, utc: '2025-02-14T17:00:00Z', open: true },
		{ name: 'no hours is never open', hours: [], utc: '2025-02-14T08:30:00Z', open: false }
	])('$name: $open', ({ hours, utc, open }) => {
		expect(isOpenAt(hours, new Date(utc), NZ)).toBe(open);
	});

	describe('computed in the event zone, so daylight saving is handled', () => {
		const earlyMorning: OpeningInterval[] = [{ from: '04:00', to: '06:00' }];

		it('the same UTC instant is 04:30 in summer but 03:30 in winter', () => {
			expect(isOpenAt(earlyMorning, new Date('2025-02-14T15:30:00Z'), NZ)).toBe(true);
			expect(isOpenAt(earlyMorning, new Date('2025-06-14T15:30:00Z'), NZ)).toBe(false);
			expect(isOpenAt(earlyMorning, new Date('2025-06-14T16:30:00Z'), NZ)).toBe(true);
		});

		it('on the night clocks go back, 02:30 happens twice and is open both times', () => {
			const night: OpeningInterval[] = [{ from: '18:00', to: '06:00' }];
			const first = new Date('2025-04-05T13:30:00Z'); // 02:30 NZDT
			const second = new Date('2025-04-05T14:30:00Z'); // 02:30 NZST
			expect(localMinutes(first, NZ)).toBe(150);
			expect(localMinutes(second, NZ)).toBe(150);
			expect(isOpenAt(night, first, NZ)).toBe(true);
			expect(isOpenAt(night, second, NZ)).toBe(true);
			// After the change local time is UTC+12: 18:00Z is 06:00, closed; a fixed +13 would say 07:00.
			expect(isOpenAt(night, new Date('2025-04-05T17:59:00Z'), NZ)).toBe(true);
			expect(isOpenAt(night, new Date('2025-04-05T18:00:00Z'), NZ)).toBe(false);
		});

		it('on the night clocks go forward, 01:59 NZST is followed by 03:00 NZDT', () => {
			const closesAt3: OpeningInterval[] = [{ from: '20:00', to: '03:00' }];
			expect(localMinutes(new Date('2025-09-27T13:59:00Z'), NZ)).toBe(119);
			expect(localMinutes(new Date('2025-09-27T14:00:00Z'), NZ)).toBe(180);
			expect(isOpenAt(closesAt3, new Date('2025-09-27T13:59:00Z'), NZ)).toBe(true);
			expect(isOpenAt(closesAt3, new Date('2025-09-27T14:00:00Z'), NZ)).toBe(false);
		});
	});
});

describe('formatLocalTime', () => {
	const machineTz = process.env.TZ;
	afterEach(() => {
		if (machineTz === undefined) delete process.env.TZ;
		else process.env.TZ = machineTz;
	});

	it.each([
		['2025-02-14T15:30:00Z', '04:30'],
		['2025-02-14T11:00:00Z', '00:00'],
		['2025-02-14T08:05:00.000Z', '21:05'],
		['2025-06-14T15:30:00Z', '03:30']
	])('%s is %s in Wellington', (iso, text) => {
		expect(formatLocalTime(iso, NZ)).toBe(text);
		expect(formatLocalTime(new Date(iso), NZ)).toBe(text);
	});

	it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'Europe/London'])(
		'shows the event zone time when the machine is on %s',
		(tz) => {
			process.env.TZ = tz;
			expect(formatLocalTime('2025-02-14T15:30:00Z', NZ)).toBe('04:30');
			expect(formatLocalTime('2025-02-14T15:30:00Z', 'Europe/London')).toBe('15:30');
		}
	);
});

describe('formatHours', () => {
	it.each([
		[[], 'Hours not set'],
		[[{ from: '18:00', to: '06:00' }], '18:00–06:00'],
		[
			[
				{ from: '12:00', to: '15:00' },
				{ from: '18:00', to: '02:00' }
			],
			'12:00–15:00, 18:00–02:00'
		]
	] as [OpeningInterval[], string][])('%j reads "%s"', (hours, text) => {
		expect(formatHours(hours)).toBe(text);
	});
});
