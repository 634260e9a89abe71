import { describe, expect, it } from 'vitest';
import {
	parseContentRange,
	parseRange,
	rangeKey,
	serveTileRange,
	trim,
	type RangeCache
} from './tile-cache';

const URL_ = 'https://haven.example.org/map/basemap.pmtiles';

/** The Cache API's behaviour that matters here: insertion order, re-put moves to the end. */
function fakeCache(): RangeCache & { entries: Map<string, Response> } {
	const entries = new Map<string, Response>();
	return {
		entries,
		async match(key) {
			return entries.get(key)?.clone();
		},
		async put(key, response) {
			if (response.status === 206) throw new TypeError('Partial response is unsupported');
			entries.delete(key);
			entries.set(key, response);
		},
		async keys() {
			return [...entries.keys()].map((url) => ({ url }));
		},
		async delete(key) {
			return entries.delete(key);
		}
	};
}

const file = new Uint8Array(Array.from({ length: 200 }, (_, i) => i));

/** A byte-range server for a 200-byte file, like src/routes/map/basemap.pmtiles. */
async function server(request: Request): Promise<Response> {
	const r = parseRange(request.headers.get('Range'))!;
	const end = Math.min(r.end, file.length - 1);
	return new Response(file.slice(r.start, end + 1), {
		status: 206,
		headers: { 'Content-Range': `bytes ${r.start}-${end}/${file.length}` }
	});
}
const offline = () => Promise.reject(new TypeError('Failed to fetch'));
const ask = (range: string) => new Request(URL_, { headers: { Range: range } });

describe('range parsing and keys', () => {
	it.each([
		['bytes=0-16383', { start: 0, end: 16383 }],
		[' bytes=10-10 ', { start: 10, end: 10 }],
		['bytes=5-4', null],
		['bytes=5-', null],
		['bytes=-500', null],
		['bytes=0-1,4-5', null],
		['items=0-1', null],
		[null, null]
	])('%s', (header, expected) => {
		expect(parseRange(header)).toEqual(expected);
	});

	it('reads a 206 Content-Range and refuses nonsense', () => {
		expect(parseContentRange('bytes 0-99/200')).toEqual({ start: 0, end: 99, size: 200 });
		expect(parseContentRange('bytes 0-200/200')).toBeNull();
		expect(parseContentRange('bytes */200')).toBeNull();
	});

	it('keys differ by range and ignore the fragment, keep the file', () => {
		const a = rangeKey(`${URL_}#x`, { start: 0, end: 99 });
		expect(a).toBe(`${URL_}?haven-range=0-99`);
		expect(rangeKey(URL_, { start: 0, end: 98 })).not.toBe(a);
		expect(rangeKey(`${URL_}?v=2`, { start: 0, end: 99 })).toBe(`${URL_}?v=2&haven-range=0-99`);
	});
});

describe('serveTileRange', () => {
	it('keeps what it fetched and serves it offline as the same 206', async () => {
		const cache = fakeCache();
		const online = await serveTileRange(ask('bytes=10-19'), {
			open: async () => cache,
			fetch: server
		});
		expect(online.status).toBe(206);
		expect([...new Uint8Array(await online.arrayBuffer())]).toEqual([...file.slice(10, 20)]);

		const again = await serveTileRange(ask('bytes=10-19'), {
			open: async () => cache,
			fetch: offline
		});
		expect(again.status).toBe(206);
		expect(again.headers.get('Content-Range')).toBe('bytes 10-19/200');
		expect(again.headers.get('Content-Length')).toBe('10');
		expect([...new Uint8Array(await again.arrayBuffer())]).toEqual([...file.slice(10, 20)]);
	});

	it('keeps a short answer at the end of the file with its real range', async () => {
		const cache = fakeCache();
		await serveTileRange(ask('bytes=190-16383'), { open: async () => cache, fetch: server });
		const again = await serveTileRange(ask('bytes=190-16383'), {
			open: async () => cache,
			fetch: offline
		});
		expect(again.headers.get('Content-Range')).toBe('bytes 190-199/200');
		expect((await again.arrayBuffer()).byteLength).toBe(10);
	});

	it('answers 504 at once offline for a range never fetched', async () => {
		const cache = fakeCache();
		await serveTileRange(ask('bytes=0-9'), { open: async () => cache, fetch: server });
		const missing = await serveTileRange(ask('bytes=20-29'), {
			open: async () => cache,
			fetch: offline
		});
		expect(missing.status).toBe(504);
	});

	it('uses the saved copy when the server fails or is slower than the wait', async () => {
		const cache = fakeCache();
		await serveTileRange(ask('bytes=0-9'), { open: async () => cache, fetch: server });
		const failing = await serveTileRange(ask('bytes=0-9'), {
			open: async () => cache,
			fetch: async () => new Response('bad gateway', { status: 502 })
		});
		expect(failing.status).toBe(206);
		const never = () => new Promise<Response>(() => {});
		const slow = await serveTileRange(ask('bytes=0-9'), {
			open: async () => cache,
			fetch: never,
			waitMs: 20
		});
		expect(slow.status).toBe(206);
	});

	it('waits for a slow network when nothing is saved', async () => {
		const cache = fakeCache();
		const late = (r: Request) => new Promise<Response>((ok) => setTimeout(() => ok(server(r)), 50));
		const res = await serveTileRange(ask('bytes=0-9'), {
			open: async () => cache,
			fetch: late,
			waitMs: 5
		});
		expect(res.status).toBe(206);
	});

	it('does not keep an answer that is not the asked range, and passes plain requests on', async () => {
		const cache = fakeCache();
		const whole = async () => new Response(file, { status: 200 });
		await serveTileRange(ask('bytes=0-9'), { open: async () => cache, fetch: whole });
		expect(cache.entries.size).toBe(0);
		const plain = await serveTileRange(new Request(URL_), {
			open: async () => cache,
			fetch: whole
		});
		expect(plain.status).toBe(200);
		expect(cache.entries.size).toBe(0);
	});

	it('holds at most maxEntries, dropping the oldest', async () => {
		const cache = fakeCache();
		for (let i = 0; i < 5; i++) {
			await serveTileRange(ask(`bytes=${i * 10}-${i * 10 + 9}`), {
				open: async () => cache,
				fetch: server,
				maxEntries: 3
			});
		}
		expect(
			[...cache.entries.keys()].map((k) => new URL(k).searchParams.get('haven-range'))
		).toEqual(['20-29', '30-39', '40-49']);
		await trim(cache, 1);
		expect(cache.entries.size).toBe(1);
	});
});
