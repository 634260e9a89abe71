import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '$lib/shared/geo-math';
import type { Zone, ZoneStatus } from '$lib/shared/model';
import { announcement, distanceWords, rankSpots, unavailableReason } from './nearest';

const TZ = 'Pacific/Auckland';
// 23:00 in Wellington (NZDT, UTC+13).
const NIGHT = new Date('2026-12-01T10:00:00Z');
// 15:00 in Wellington.
const AFTERNOON = new Date('2026-12-01T02:00:00Z');
const ALL_NIGHT = [{ from: '18:00', to: '06:00' }];

const zone = (
	id: string,
	position: LngLat,
	status: ZoneStatus = 'open',
	hours = ALL_NIGHT
): Zone => ({
	id,
	name: id,
	kind: 'first-aid',
	position,
	hours,
	status,
	verifiedAt: null
});

// Te Aro Park; 0.001° of latitude is about 111 m.
const HERE: LngLat = [174.7786, -41.2924];

describe('distanceWords', () => {
	it.each([
		[[174.7786, -41.29015], /^250 m north$/],
		[[174.7786, -41.2947], /^260 m south$/],
		[[174.7816, -41.2924], /^250 m east$/],
		[[174.7771, -41.2912], /^180 m north-west$/],
		[[174.7786, -41.2824], /^1\.1 km north$/]
	] as [LngLat, RegExp][])('%j reads %s', (to, words) => {
		expect(distanceWords(HERE, to).words).toMatch(words);
	});

	it('does not give a direction when the spot is right here', () => {
		expect(distanceWords(HERE, [174.7787, -41.2924]).words).toBe('less than 20 m away');
	});
});

describe('unavailableReason', () => {
	it('says closed and full before hours, and open only within hours', () => {
		expect(unavailableReason(zone('a', HERE, 'closed'), NIGHT, TZ)).toBe('closed');
		expect(unavailableReason(zone('a', HERE, 'full'), NIGHT, TZ)).toBe('full');
		expect(unavailableReason(zone('a', HERE), NIGHT, TZ)).toBeNull();
		expect(unavailableReason(zone('a', HERE), AFTERNOON, TZ)).toBe('outside-hours');
	});

	it('keeps a spot open past midnight (4 am) when its hours run overnight', () => {
		const fourAm = new Date('2026-12-01T15:00:00Z'); // 04:00 NZDT on the 2nd
		expect(
			unavailableReason(zone('a', HERE, 'open', [{ from: '20:00', to: '04:30' }]), fourAm, TZ)
		).toBeNull();
		expect(
			unavailableReason(zone('a', HERE, 'open', [{ from: '20:00', to: '02:00' }]), fourAm, TZ)
		).toBe('outside-hours');
	});
});

describe('rankSpots', () => {
	const near = zone('near', [174.7789, -41.2924]); // ~25 m east
	const mid = zone('mid', [174.7786, -41.2934]); // ~110 m south
	const far = zone('far', [174.7786, -41.2954]); // ~330 m south

	it('puts the nearest open spot first and closed or full ones after', () => {
		const r = rankSpots(
			[far, { ...near, status: 'closed' }, mid, { ...far, id: 'full', status: 'full' }],
			HERE,
			NIGHT,
			TZ
		);
		expect(r.open.map((s) => s.zone.id)).toEqual(['mid', 'far']);
		expect(r.other.map((s) => [s.zone.id, s.unavailable])).toEqual([
			['near', 'closed'],
			['full', 'full']
		]);
		expect(r.open[0].words).toBe('110 m south');
	});

	it('moves to the next spot when the nearest closes', () => {
		expect(rankSpots([near, mid], HERE, NIGHT, TZ).open[0].zone.id).toBe('near');
		expect(rankSpots([{ ...near, status: 'closed' }, mid], HERE, NIGHT, TZ).open[0].zone.id).toBe(
			'mid'
		);
	});

	it('drops a spot whose hours have passed, as the clock moves', () => {
		const early = zone('early', [174.7787, -41.2925], 'open', [{ from: '18:00', to: '22:00' }]);
		expect(
			rankSpots([early, mid], HERE, new Date('2026-12-01T08:30:00Z'), TZ).open[0].zone.id
		).toBe('early');
		expect(rankSpots([early, mid], HERE, NIGHT, TZ).open[0].zone.id).toBe('mid');
	});

	const lngLat = fc.tuple(
		fc.double({ min: 174.76, max: 174.8, noNaN: true }),
		fc.double({ min: -41.31, max: -41.27, noNaN: true })
	) as fc.Arbitrary<LngLat>;
	const zones = fc.uniqueArray(
		fc.record({
			id: fc.stringMatching(/^[a-z]{1,8}$/),
			position: lngLat,
			status: fc.constantFrom<ZoneStatus>('open', 'closed', 'full'),
			allDay: fc.boolean()
		}),
		{ selector: (z) => z.id, maxLength: 20 }
	);

	it('is a partition of the zones, each part nearest first, open ones really open', () => {
		fc.assert(
			fc.property(zones, lngLat, (seeds, from) => {
				const list = seeds.map((s) =>
					zone(s.id, s.position, s.status, s.allDay ? [{ from: '00:00', to: '00:00' }] : [])
				);
				const r = rankSpots(list, from, NIGHT, TZ);
				expect([...r.open, ...r.other].map((s) => s.zone.id).sort()).toEqual(
					list.map((z) => z.id).sort()
				);
				for (const part of [r.open, r.other]) {
					for (let i = 1; i < part.length; i++) {
						expect(part[i].metres).toBeGreaterThanOrEqual(part[i - 1].metres);
					}
				}
				for (const s of r.open) {
					expect(s.zone.status).toBe('open');
					expect(s.unavailable).toBeNull();
				}
				for (const s of r.other) expect(s.unavailable).not.toBeNull();
				for (const s of [...r.open, ...r.other]) {
					expect(s.words).toMatch(/^(less than 20 m away|\d+ m [a-z-]+|\d+\.\d km [a-z-]+)$/);
				}
			})
		);
	});
});

describe('announcement', () => {
	it('names the nearest open spot, or says none is open', () => {
		expect(announcement(null)).toBe('');
		const r = rankSpots([zone('Te Aro First Aid', [174.7786, -41.29015])], HERE, NIGHT, TZ);
		expect(announcement(r)).toBe('Nearest open safe spot: Te Aro First Aid, 250 m north.');
		expect(announcement({ open: [], other: r.open })).toBe('No safe spot is open right now.');
	});
});
