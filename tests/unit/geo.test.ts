import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	bearingDegrees,
	coarsen,
	directionWords,
	distanceMetres,
	formatDistance,
	pointInRing,
	type LngLat
} from '$lib/shared/geo';

const R = 6_371_008.8;
const M_PER_DEG = (R * Math.PI) / 180; // ~111,195 m

/** Moves a point by metres east and north (flat-earth; fine at street scale). */
const offset = (p: LngLat, east: number, north: number): LngLat => [
	p[0] + east / (M_PER_DEG * Math.cos((p[1] * Math.PI) / 180)),
	p[1] + north / M_PER_DEG
];

const CIVIC_SQUARE: LngLat = [174.7771, -41.2888];
const EMBASSY: LngLat = [174.784, -41.294];

/** Random positions in and around central Wellington. */
const wellingtonPoint = fc
	.tuple(
		fc.double({ min: 174.7, max: 174.85, noNaN: true }),
		fc.double({ min: -41.35, max: -41.25, noNaN: true })
	)
	.map(([lng, lat]): LngLat => [lng, lat]);

describe('distanceMetres', () => {
	it.each([
		{ name: 'one degree of latitude', a: [0, 0], b: [0, 1], m: 111_195 },
		{ name: 'one degree of longitude at the equator', a: [0, 0], b: [1, 0], m: 111_195 },
		{
			name: 'one degree of latitude in Wellington',
			a: [174.78, -41.5],
			b: [174.78, -40.5],
			m: 111_195
		},
		{ name: 'one degree of longitude at 60°', a: [0, 60], b: [1, 60], m: 55_596 },
		{
			name: 'Wellington airport to Auckland airport',
			a: [174.8053, -41.3272],
			b: [174.785, -37.0082],
			m: 480_300
		},
		{ name: 'the same point', a: [174.7771, -41.2888], b: [174.7771, -41.2888], m: 0 }
	] as { name: string; a: LngLat; b: LngLat; m: number }[])('$name', ({ a, b, m }) => {
		const d = distanceMetres(a, b);
		expect(Math.abs(d - m)).toBeLessThanOrEqual(Math.max(1e-6, m * 0.001));
	});

	it('measures Civic Square to the Embassy Theatre as about 800 m', () => {
		// Equirectangular estimate as an independent check at street scale.
		const dx = (EMBASSY[0] - CIVIC_SQUARE[0]) * M_PER_DEG * Math.cos((-41.29 * Math.PI) / 180);
		const dy = (EMBASSY[1] - CIVIC_SQUARE[1]) * M_PER_DEG;
		const d = distanceMetres(CIVIC_SQUARE, EMBASSY);
		expect(d).toBeCloseTo(Math.hypot(dx, dy), -1);
		expect(d).toBeGreaterThan(750);
		expect(d).toBeLessThan(850);
	});

	it('is symmetric and obeys the triangle inequality', () => {
		fc.assert(
			fc.property(wellingtonPoint, wellingtonPoint, wellingtonPoint, (a, b, c) => {
				expect(distanceMetres(a, b)).toBeCloseTo(distanceMetres(b, a), 6);
				expect(distanceMetres(a, c)).toBeLessThanOrEqual(
					distanceMetres(a, b) + distanceMetres(b, c) + 1e-6
				);
			})
		);
	});
});

describe('bearingDegrees and directionWords', () => {
	it.each([
		{ east: 0, north: 500, bearing: 0, words: 'north' },
		{ east: 500, north: 500, bearing: 45, words: 'north-east' },
		{ east: 500, north: 0, bearing: 90, words: 'east' },
		{ east: 500, north: -500, bearing: 135, words: 'south-east' },
		{ east: 0, north: -500, bearing: 180, words: 'south' },
		{ east: -500, north: -500, bearing: 225, words: 'south-west' },
		{ east: -500, north: 0, bearing: 270, words: 'west' },
		{ east: -500, north: 500, bearing: 315, words: 'north-west' }
	])('from Civic Square, $east m east and $north m north is $words', ({ east, north, ...want }) => {
		const b = bearingDegrees(CIVIC_SQUARE, offset(CIVIC_SQUARE, east, north));
		// `% 360` folds 359.99... onto 0 for the due-north case.
		const diff = Math.abs(((b - want.bearing + 540) % 360) - 180);
		expect(diff).toBeLessThan(0.5);
		expect(directionWords(b)).toBe(want.words);
	});

	it('gives the Embassy Theatre as south-east of Civic Square', () => {
		expect(directionWords(bearingDegrees(CIVIC_SQUARE, EMBASSY))).toBe('south-east');
		expect(directionWords(bearingDegrees(EMBASSY, CIVIC_SQUARE))).toBe('north-west');
	});

	it.each([
		[0, 'north'],
		[22.4, 'north'],
		[22.6, 'north-east'],
		[67.4, 'north-east'],
		[67.6, 'east'],
		[180, 'south'],
		[202.4, 'south'],
		[337.4, 'north-west'],
		[337.6, 'north'],
		[359.9, 'north'],
		[360, 'north'],
		[405, 'north-east'],
		[-45, 'north-west'],
		[-90, 'west']
	] as const)('%s° reads "%s"', (bearing, words) => {
		expect(directionWords(bearing)).toBe(words);
	});

	it('returns bearings in [0, 360)', () => {
		fc.assert(
			fc.property(wellingtonPoint, wellingtonPoint, (a, b) => {
				const x = bearingDegrees(a, b);
				expect(x).toBeGreaterThanOrEqual(0);
				expect(x).toBeLessThan(360);
			})
		);
	});
});

describe('formatDistance', () => {
	it.each([
		[0, '10 m'],
		[3, '10 m'],
		[14, '10 m'],
		[15, '20 m'],
		[80, '80 m'],
		[84, '80 m'],
		[254, '250 m'],
		[994, '990 m'],
		[995, '1.0 km'],
		[999, '1.0 km'],
		[1000, '1.0 km'],
		[1234, '1.2 km'],
		[1250, '1.3 km'],
		[12_345, '12.3 km']
	])('%s m reads "%s"', (metres, text) => {
		expect(formatDistance(metres)).toBe(text);
	});
});

describe('coarsen', () => {
	const HALF_DIAGONAL = 71; // a 100 m cell: sqrt(50² + 50²) = 70.7 m, plus rounding

	it('is deterministic: the same point always gives the identical answer', () => {
		fc.assert(
			fc.property(wellingtonPoint, (p) => {
				const a = coarsen(p);
				const b = coarsen([p[0], p[1]]);
				expect(Object.is(a[0], b[0]) && Object.is(a[1], b[1])).toBe(true);
			})
		);
	});

	it('stays within half a cell diagonal of the input', () => {
		fc.assert(
			fc.property(wellingtonPoint, (p) => {
				expect(distanceMetres(p, coarsen(p))).toBeLessThanOrEqual(HALF_DIAGONAL);
			})
		);
	});

	it('gives one answer for every point of a cell (10 m apart, same cell)', () => {
		const inCell = fc.integer({ min: -35, max: 35 });
		fc.assert(
			fc.property(
				wellingtonPoint,
				inCell,
				inCell,
				fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
				(p, e, n, angle) => {
					const centre = coarsen(p);
					const a = offset(centre, e, n);
					const b = offset(a, 10 * Math.cos(angle), 10 * Math.sin(angle));
					expect(distanceMetres(a, b)).toBeCloseTo(10, 3);
					expect(coarsen(a)).toEqual(centre);
					expect(coarsen(b)).toEqual(centre);
				}
			)
		);
	});

	it('is idempotent: a cell centre coarsens to itself', () => {
		fc.assert(
			fc.property(wellingtonPoint, (p) => {
				expect(coarsen(coarsen(p))).toEqual(coarsen(p));
			})
		);
	});

	it('tells far-apart points apart', () => {
		fc.assert(
			fc.property(wellingtonPoint, wellingtonPoint, (a, b) => {
				fc.pre(distanceMetres(a, b) > 150);
				expect(coarsen(a)).not.toEqual(coarsen(b));
			})
		);
		expect(coarsen(CIVIC_SQUARE)).not.toEqual(coarsen(EMBASSY));
	});

	it('moves points that are not cell centres', () => {
		const p: LngLat = [174.7757123, -41.2916456];
		expect(coarsen(p)).not.toEqual(p);
	});

	it('honours a larger cell', () => {
		fc.assert(
			fc.property(wellingtonPoint, (p) => {
				expect(distanceMetres(p, coarsen(p, 500))).toBeLessThanOrEqual(5 * HALF_DIAGONAL);
			})
		);
	});
});

describe('pointInRing', () => {
	// Closed rings, first point == last point, as GeoJSON has them.
	const square: LngLat[] = [
		[174.77, -41.3],
		[174.79, -41.3],
		[174.79, -41.28],
		[174.77, -41.28],
		[174.77, -41.3]
	];
	// An L shape: the north-east quarter is cut out.
	const ell: LngLat[] = [
		[0, 0],
		[2, 0],
		[2, 1],
		[1, 1],
		[1, 2],
		[0, 2],
		[0, 0]
	];

	it.each([
		{ name: 'Civic Square in the square', p: CIVIC_SQUARE, ring: square, inside: true },
		{ name: 'Embassy Theatre in the square', p: EMBASSY, ring: square, inside: true },
		{ name: 'west of the square', p: [174.76, -41.29], ring: square, inside: false },
		{ name: 'north of the square', p: [174.78, -41.27], ring: square, inside: false },
		{ name: 'south of the square', p: [174.78, -41.31], ring: square, inside: false },
		{ name: 'in the foot of the L', p: [1.5, 0.5], ring: ell, inside: true },
		{ name: 'in the stem of the L', p: [0.5, 1.5], ring: ell, inside: true },
		{ name: 'in the cut-out corner', p: [1.5, 1.5], ring: ell, inside: false },
		{ name: 'right of the L', p: [3, 0.5], ring: ell, inside: false }
	] as { name: string; p: LngLat; ring: LngLat[]; inside: boolean }[])(
		'$name: $inside',
		({ p, ring, inside }) => {
			expect(pointInRing(p, ring)).toBe(inside);
			// The same ring without the closing point gives the same answer.
			expect(pointInRing(p, ring.slice(0, -1))).toBe(inside);
		}
	);
});
