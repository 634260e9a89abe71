import { error } from '@sveltejs/kit';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';

/** PMTiles readers fetch byte ranges; one range is all the protocol asks for. */
const RANGE = /^bytes=(\d+)-(\d*)$/;
const MAX_RANGE_BYTES = 16 * 1024 * 1024;

/**
 * Serves the self-hosted basemap (HAVEN_PMTILES_PATH), so the map keeps working
 * when the mobile network is saturated but Haven itself is reachable.
 */
export const GET: RequestHandler = async ({ request }) => {
	const app = await getApp();
	if (app.config.map.kind !== 'pmtiles') error(404, 'No self-hosted basemap is configured.');
	const path = app.config.map.path;
	const { size } = await stat(path).catch(() => error(404, 'Basemap file not found.'));
	const headers = {
		'Accept-Ranges': 'bytes',
		'Content-Type': 'application/octet-stream',
		'Cache-Control': 'public, max-age=3600'
	};
	const range = request.headers.get('range');
	if (!range) {
		const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
		return new Response(body, { headers: { ...headers, 'Content-Length': String(size) } });
	}
	const m = RANGE.exec(range);
	if (!m)
		return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
	const start = Number(m[1]);
	const end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1, start + MAX_RANGE_BYTES - 1);
	if (start >= size || end < start) {
		return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
	}
	return new Response(await readSlice(path, start, end - start + 1), {
		status: 206,
		headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` }
	});
};

async function readSlice(
	path: string,
	start: number,
	length: number
): Promise<Uint8Array<ArrayBuffer>> {
	const file = await open(path, 'r');
	try {
		const buffer = new Uint8Array(new ArrayBuffer(length));
		await file.read(buffer, 0, length, start);
		return buffer;
	} finally {
		await file.close();
	}
}
