import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	eventBounds,
	pmtilesReader,
	prefetchEventArea,
	tilesCovering,
	type Bounds
} from '$lib/map/tile-prefetch';
import type { Sector } from '$lib/shared/model';
import { pmtilesArchive, tileBytes } from '../support/pmtiles-file';

/**
 * Saving the event area's basemap, through the real pmtiles library and real HTTP range
 * requests against a real archive: exactly the event area's tiles are read, each once.
 * (The service worker that keeps what is read is tested in tests/unit on its own.)
 */

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
const AREA = eventBounds({ route: null, sectors: { s: SECTOR }, zones: {} })!;
/** The archive covers a wider region (the whole city) at zooms 10 to 15. */
const CITY: Bounds = { west: 174.7, south: -41.35, east: 174.85, north: -41.22 };

let server: Server;
let url: string;
const ranges: string[] = [];

beforeAll(async () => {
	const archive = pmtilesArchive(tilesCovering(CITY, 10, 15), CITY);
	server = createServer((req, res) => {
		const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
		if (!m) {
			res.writeHead(416).end();
			return;
		}
		ranges.push(req.headers.range!);
		const start = Number(m[1]);
		const end = Math.min(Number(m[2]), archive.length - 1);
		res.writeHead(206, {
			'Content-Range': `bytes ${start}-${end}/${archive.length}`,
			'Content-Length': String(end - start + 1),
			'Accept-Ranges': 'bytes'
		});
		res.end(archive.subarray(start, end + 1));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/map/basemap.pmtiles`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('saving the event area of a PMTiles basemap', () => {
	it('reads every tile of the area at walking zooms the archive has, and nothing else', async () => {
		const reader = await pmtilesReader(url);
		const got: string[] = [];
		const recording = {
			zooms: () => reader.zooms(),
			read: async (t: { z: number; x: number; y: number }) => {
				const bytes = (await reader.read(t)) as { data: ArrayBuffer } | undefined;
				got.push(bytes ? new TextDecoder().decode(bytes.data) : `missing ${t.z}/${t.x}/${t.y}`);
				return bytes;
			}
		};
		const before = ranges.length;
		const result = await prefetchEventArea(recording, AREA);

		// The archive's zooms are 10-15; the walking zooms 12-16: so 12 to 15.
		const expected = tilesCovering(AREA, 12, 15);
		expect(result).toEqual({ tiles: expected.length, failed: 0 });
		expect(got).toEqual(expected.map((t) => new TextDecoder().decode(tileBytes(t))));
		// One range request per tile, plus the header and root directory read first.
		expect(ranges.length - before).toBeGreaterThanOrEqual(expected.length);
		expect(ranges.length - before).toBeLessThanOrEqual(expected.length + 2);
	});

	it('saves nothing from an archive without the walking zooms', async () => {
		const low = pmtilesArchive(tilesCovering(CITY, 5, 8), CITY);
		const lowServer = createServer((req, res) => {
			const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '')!;
			const start = Number(m[1]);
			const end = Math.min(Number(m[2]), low.length - 1);
			res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${low.length}` });
			res.end(low.subarray(start, end + 1));
		});
		await new Promise<void>((resolve) => lowServer.listen(0, '127.0.0.1', resolve));
		try {
			const port = (lowServer.address() as AddressInfo).port;
			const reader = await pmtilesReader(`http://127.0.0.1:${port}/low.pmtiles`);
			expect(await prefetchEventArea(reader, AREA)).toEqual({ tiles: 0, failed: 0 });
		} finally {
			await new Promise<void>((resolve) => lowServer.close(() => resolve()));
		}
	});
});
