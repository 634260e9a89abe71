import { describe, expect, it } from 'vitest';
import type { Sector, Zone } from '$lib/shared/model';
import {
	countTiles,
	eventBounds,
	MAX_PREFETCH_TILES,
	prefetchEventArea,
	PREFETCH_ZOOMS,
	tilesCovering,
	type Tile,
	type TileReader
} from './tile-prefetch';

// Wellington's Courtenay Place to Civic Square, about 1 km by 700 m.
const SECTOR: Sector = {
	id: 's',
	name: 'Courtenay',
	ring: [
		[174.7756, -41.2935],
		[174.7825, -41.2935],
		[174.7825, -41.2875],
		[174.7756, -41.2875]
	]
};

describe('eventBounds', () => {
	it('boxes the route, sectors and safe spots with a margin', () => {
		const b = eventBounds({
			route: [[174.77, -41.29]],
			sectors: { s: SECTOR },
			zones: { z: { position: [174.79, -41.3] } as Zone }
		});
		expect(b).not.toBeNull();
		expect(b!.west).toBeLessThan(174.77);
		expect(b!.east).toBeGreaterThan(174.79);
		expect(b!.south).toBeLessThan(-41.3);
		expect(b!.north).toBeGreaterThan(-41.2875);
		expect(b!.north - b!.south).toBeLessThan(0.03);
	});

	it('is null for an event with no shapes yet', () => {
		expect(eventBounds({ route: null, sectors: {}, zones: {} })).toBeNull();
	});
});

describe('tilesCovering', () => {
	it('gives the tiles a point falls in, known from the Web Mercator formula', () => {
		// Zoom 1: the southern-eastern quarter of the world is x 1, y 1.
		expect(tilesCovering({ west: 174.7, south: -41.3, east: 174.8, north: -41.2 }, 1, 1)).toEqual([
			{ z: 1, x: 1, y: 1 }
		]);
		// Zoom 0 is the one world tile.
		expect(tilesCovering({ west: -10, south: -10, east: 10, north: 10 }, 0, 0)).toEqual([
			{ z: 0, x: 0, y: 0 }
		]);
	});

	it('covers the box at every zoom, each tile once, coarse zooms first', () => {
		const b = eventBounds({ route: null, sectors: { s: SECTOR }, zones: {} })!;
		const tiles = tilesCovering(b, 12, 16);
		const keys = tiles.map((t) => `${t.z}/${t.x}/${t.y}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(tiles.map((t) => t.z)).toEqual([...tiles.map((t) => t.z)].sort((a, c) => a - c));
		// A tile at zoom 16 is about 460 m wide here: the box (1.2 km by 1.3 km) needs a few across.
		const z16 = tiles.filter((t) => t.z === 16);
		expect(z16.length).toBeGreaterThanOrEqual(9);
		expect(z16.length).toBeLessThanOrEqual(30);
		expect(countTiles(b, 12, 16)).toBe(tiles.length);
		// Each zoom's tiles are the children of the zoom above's.
		const parents = new Set(tiles.filter((t) => t.z === 15).map((t) => `${t.x}/${t.y}`));
		for (const t of z16) expect(parents.has(`${t.x >> 1}/${t.y >> 1}`)).toBe(true);
	});
});

function fakeArchive(min: number, max: number, failing = new Set<string>()) {
	const read: Tile[] = [];
	const reader: TileReader = {
		zooms: async () => ({ min, max }),
		read: async (t) => {
			read.push(t);
			if (failing.has(`${t.z}/${t.x}/${t.y}`)) throw new Error('network');
			return new ArrayBuffer(8);
		}
	};
	return { reader, read };
}

describe('prefetchEventArea', () => {
	const bounds = eventBounds({ route: null, sectors: { s: SECTOR }, zones: {} })!;

	it('reads every tile of the area within the archive and the walking zooms', async () => {
		const { reader, read } = fakeArchive(0, 14);
		const result = await prefetchEventArea(reader, bounds);
		expect(read).toEqual(tilesCovering(bounds, PREFETCH_ZOOMS.min, 14));
		expect(result).toEqual({ tiles: read.length, failed: 0 });
	});

	it('counts a failed tile and goes on', async () => {
		const first = tilesCovering(bounds, 12, 12)[0];
		const { reader, read } = fakeArchive(12, 13, new Set([`${first.z}/${first.x}/${first.y}`]));
		const result = await prefetchEventArea(reader, bounds);
		expect(result.failed).toBe(1);
		expect(result.tiles).toBe(read.length - 1);
	});

	it('stops when aborted, and saves nothing for an area too large', async () => {
		const aborted = new AbortController();
		aborted.abort();
		const { reader, read } = fakeArchive(0, 16);
		expect(await prefetchEventArea(reader, bounds, aborted.signal)).toEqual({
			tiles: 0,
			failed: 0
		});
		expect(read).toEqual([]);

		const huge = { west: 170, south: -45, east: 178, north: -38 };
		expect(countTiles(huge, 12, 16)).toBeGreaterThan(MAX_PREFETCH_TILES);
		expect(await prefetchEventArea(reader, huge)).toEqual({
			tiles: 0,
			failed: 0,
			skipped: 'too-many'
		});
		expect(read).toEqual([]);
	});
});
