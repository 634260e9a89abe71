import { describe, expect, it } from 'vitest';
import {
	actorName,
	ago,
	formatDistance,
	formatPosition,
	formatTimeSeconds,
	lastSeenWords,
	localTimeToIso
} from './format';

const marshals = {
	m1: {
		id: 'm1',
		displayName: 'Aroha W.',
		sectorId: null,
		status: 'available' as const,
		devices: []
	}
};

describe('actorName', () => {
	const cases: [Parameters<typeof actorName>[0], string][] = [
		[{ role: 'marshal', id: 'm1' }, 'Aroha W. (marshal)'],
		[{ role: 'marshal', id: 'gone' }, 'A marshal'],
		[{ role: 'organiser', id: 'o1' }, 'Sam P. (organiser)'],
		[{ role: 'organiser', id: 'o2' }, 'Organiser'],
		[{ role: 'organiser' }, 'Organiser'],
		[{ role: 'public' }, 'Attendee'],
		[{ role: 'system' }, 'System']
	];
	it.each(cases)('%j -> %s', (actor, expected) => {
		expect(actorName(actor, marshals, { o1: 'Sam P.' })).toBe(expected);
	});
});

describe('formatDistance', () => {
	const cases: [number | null, string][] = [
		[null, 'distance unknown'],
		[0, '0 m'],
		[347, '350 m'],
		[994, '990 m'],
		[1234, '1.2 km']
	];
	it.each(cases)('%s -> %s', (m, expected) => expect(formatDistance(m)).toBe(expected));
});

describe('times', () => {
	const now = new Date('2025-07-05T14:30:20Z'); // 02:30:20 on the 6th in Wellington (NZST)
	it('formats with seconds in the event zone', () => {
		expect(formatTimeSeconds('2025-07-05T14:30:20Z', 'Pacific/Auckland')).toBe('02:30:20');
	});
	it('says how long ago', () => {
		expect(ago('2025-07-05T14:30:18Z', now)).toBe('just now');
		expect(ago('2025-07-05T14:29:35Z', now)).toBe('45 s ago');
		expect(ago('2025-07-05T14:18:20Z', now)).toBe('12 min ago');
		expect(ago('2025-07-05T11:00:20Z', now)).toBe('3 h 30 min ago');
	});
	it('says when a phone was last seen, changing at most once a minute', () => {
		const zone = 'Pacific/Auckland';
		expect(lastSeenWords('2025-07-05T14:30:18Z', now, zone)).toBe('under a minute ago');
		expect(lastSeenWords('2025-07-05T14:29:21Z', now, zone)).toBe('under a minute ago');
		// A clock a little ahead on the phone is still "under a minute".
		expect(lastSeenWords('2025-07-05T14:30:25Z', now, zone)).toBe('under a minute ago');
		expect(lastSeenWords('2025-07-05T14:27:05Z', now, zone)).toBe('3 min ago (02:27)');
		expect(lastSeenWords('not a time', now, zone)).toBe('unknown');
	});
	it('turns a local HH:MM into the latest matching instant', () => {
		expect(localTimeToIso('02:10', 'Pacific/Auckland', now)).toBe('2025-07-05T14:10:00.000Z');
		// Before midnight local: the evening before.
		expect(localTimeToIso('23:50', 'Pacific/Auckland', now)).toBe('2025-07-05T11:50:00.000Z');
		expect(localTimeToIso('02:30', 'Pacific/Auckland', now)).toBe('2025-07-05T14:30:00.000Z');
		expect(localTimeToIso('2:30', 'Pacific/Auckland', now)).toBeNull();
	});
	it('positions read lng, lat to 5 decimals', () => {
		expect(formatPosition([174.778712, -41.292201])).toBe('lng 174.77871, lat -41.29220');
	});
});
