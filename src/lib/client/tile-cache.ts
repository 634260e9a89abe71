/**
 * The marshal service worker's cache of the self-hosted basemap. A PMTiles reader asks for
 * byte ranges of one file (`Range: bytes=a-b`), never for whole tiles by URL, so each range
 * the phone fetched is kept under the file's URL plus that range: the map then opens
 * offline with every part of the event area already seen.
 *
 * The Cache API refuses 206 responses and ignores the Range header when matching, so a range
 * is stored as a 200 under its own key, with its Content-Range in a header of ours, and
 * turned back into a 206 when served.
 */

export const TILE_CACHE = 'haven-basemap-tiles';
/** Where the server serves the configured PMTiles file (PMTILES_PATH in the server's page context). */
export const BASEMAP_PATH = '/map/basemap.pmtiles';
/** About 30-60 MB of a city's tiles at the sizes Protomaps basemaps have. */
export const MAX_TILE_ENTRIES = 1500;
/** A range larger than this is not kept (a reader asking for the whole file, say). */
export const MAX_ENTRY_BYTES = 1024 * 1024;
/** On a saturated network: after this long the saved copy answers, if there is one. */
export const TILE_NETWORK_WAIT_MS = 3000;

const RANGE_HEADER = 'X-Haven-Content-Range';

/** Inclusive, as HTTP writes it. */
export type ByteRange = { start: number; end: number };

/** `bytes=a-b` only: what PMTiles readers send. Open, suffix and multiple ranges are not kept. */
export function parseRange(header: string | null): ByteRange | null {
	const m = /^bytes=(\d+)-(\d+)$/.exec(header?.trim() ?? '');
	if (!m) return null;
	const start = Number(m[1]);
	const end = Number(m[2]);
	if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
	return { start, end };
}

/** `bytes a-b/size` of a 206 (the server may answer fewer bytes than asked at the file's end). */
export function parseContentRange(
	header: string | null
): { start: number; end: number; size: number } | null {
	const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
	if (!m) return null;
	const [start, end, size] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (end < start || end >= size) return null;
	return { start, end, size };
}

/** One cache entry per file and range; the fragment never reaches a server. */
export function rangeKey(url: string, range: ByteRange): string {
	const u = new URL(url);
	u.hash = '';
	u.searchParams.set('haven-range', `${range.start}-${range.end}`);
	return u.href;
}

/** Whether a response can be kept as the answer to `range`. */
export function keepable(response: Response, range: ByteRange): boolean {
	if (response.status !== 206) return false;
	const got = parseContentRange(response.headers.get('Content-Range'));
	return (
		got !== null &&
		got.start === range.start &&
		got.end <= range.end &&
		got.end - got.start + 1 <= MAX_ENTRY_BYTES
	);
}

/** What the Cache API will store for a 206: a 200 that remembers its Content-Range. */
export async function toStored(response: Response): Promise<Response> {
	const body = await response.arrayBuffer();
	return new Response(body, {
		status: 200,
		headers: {
			'Content-Type': response.headers.get('Content-Type') ?? 'application/octet-stream',
			[RANGE_HEADER]: response.headers.get('Content-Range') ?? ''
		}
	});
}

/** The stored copy as the 206 the reader asked for. */
export async function fromStored(stored: Response): Promise<Response> {
	const body = await stored.arrayBuffer();
	return new Response(body, {
		status: 206,
		headers: {
			'Content-Type': stored.headers.get('Content-Type') ?? 'application/octet-stream',
			'Content-Range': stored.headers.get(RANGE_HEADER) ?? '',
			'Content-Length': String(body.byteLength),
			'Accept-Ranges': 'bytes'
		}
	});
}

/** Not online and not saved: a clear failure the map reports at once, never a hang. */
export function notSaved(): Response {
	return new Response('This part of the map was not saved on this phone.', {
		status: 504,
		statusText: 'Offline',
		headers: { 'Content-Type': 'text/plain' }
	});
}

/** The part of the Cache API used here (a fake in tests). */
export type RangeCache = {
	match(key: string): Promise<Response | undefined>;
	put(key: string, response: Response): Promise<void>;
	keys(): Promise<readonly { url: string }[]>;
	delete(key: string): Promise<boolean>;
};

export type TileDeps = {
	open(): Promise<RangeCache>;
	fetch(request: Request): Promise<Response>;
	waitMs?: number;
	maxEntries?: number;
};

/** Drops the oldest entries beyond `max` (Cache keys keep insertion order; a re-put moves to the end). */
export async function trim(cache: RangeCache, max: number): Promise<void> {
	const keys = await cache.keys();
	for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key.url);
}

/**
 * Network first (the basemap file may be replaced between nights, and ranges of two versions
 * must not mix), keeping every range answered; the saved copy when the network fails, answers
 * with a server error or is slower than `waitMs`; 504 when there is neither.
 */
export async function serveTileRange(request: Request, deps: TileDeps): Promise<Response> {
	const range = parseRange(request.headers.get('Range'));
	if (!range) return deps.fetch(request);
	const key = rangeKey(request.url, range);
	const network = deps.fetch(request).then(async (response) => {
		if (response.status >= 500) throw new Error(`basemap answered ${response.status}`);
		if (keepable(response, range)) {
			const cache = await deps.open();
			await cache.put(key, await toStored(response.clone()));
			await trim(cache, deps.maxEntries ?? MAX_TILE_ENTRIES);
		}
		return response;
	});
	try {
		return await deadline(network, deps.waitMs ?? TILE_NETWORK_WAIT_MS);
	} catch {
		// Offline, failing or slow: what was saved, else keep waiting for the network.
	}
	const saved = await (await deps.open()).match(key);
	if (saved) {
		network.catch(() => undefined);
		return fromStored(saved);
	}
	try {
		return await network;
	} catch {
		return notSaved();
	}
}

function deadline<T>(work: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('slow')), ms);
		work.then(
			(v) => {
				clearTimeout(timer);
				resolve(v);
			},
			(e: unknown) => {
				clearTimeout(timer);
				reject(e instanceof Error ? e : new Error(String(e)));
			}
		);
	});
}
