/**
 * Writes a small but valid PMTiles v3 archive (uncompressed directories, one root
 * directory), so tests can serve a self-hosted basemap without shipping a real one. Each
 * tile's bytes name the tile, so a test can tell which tile it got back.
 */
import { zxyToTileId } from 'pmtiles';

export type ArchiveTile = { z: number; x: number; y: number };

function varint(n: number, out: number[]) {
	while (n >= 0x80) {
		out.push((n % 0x80) | 0x80);
		n = Math.floor(n / 0x80);
	}
	out.push(n);
}

/** What a tile holds: its z/x/y as text (opaque to the tests' readers). */
export function tileBytes(t: ArchiveTile): Uint8Array {
	return new TextEncoder().encode(`tile ${t.z}/${t.x}/${t.y}`);
}

export function pmtilesArchive(
	tiles: ArchiveTile[],
	bounds: { west: number; south: number; east: number; north: number }
): Uint8Array {
	const entries = tiles
		.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), bytes: tileBytes(t) }))
		.sort((a, b) => a.id - b.id);
	const dir: number[] = [];
	varint(entries.length, dir);
	let last = 0;
	for (const e of entries) {
		varint(e.id - last, dir);
		last = e.id;
	}
	for (let i = 0; i < entries.length; i++) varint(1, dir); // run lengths
	for (const e of entries) varint(e.bytes.length, dir);
	let offset = 0;
	for (let i = 0; i < entries.length; i++) {
		// Offset + 1, except 0 meaning "right after the previous tile" (always true here).
		if (i === 0) varint(offset + 1, dir);
		else varint(0, dir);
		offset += entries[i].bytes.length;
	}
	const metadata = new TextEncoder().encode('{}');
	const data = new Uint8Array(offset);
	let at = 0;
	for (const e of entries) {
		data.set(e.bytes, at);
		at += e.bytes.length;
	}

	const HEADER = 127;
	const rootOffset = HEADER;
	const metaOffset = rootOffset + dir.length;
	const dataOffset = metaOffset + metadata.length;
	const out = new Uint8Array(dataOffset + data.length);
	const view = new DataView(out.buffer);
	out.set(new TextEncoder().encode('PMTiles'), 0);
	out[7] = 3;
	const u64 = (pos: number, n: number) => view.setBigUint64(pos, BigInt(n), true);
	u64(8, rootOffset);
	u64(16, dir.length);
	u64(24, metaOffset);
	u64(32, metadata.length);
	u64(40, 0); // no leaf directories
	u64(48, 0);
	u64(56, dataOffset);
	u64(64, data.length);
	u64(72, entries.length);
	u64(80, entries.length);
	u64(88, entries.length);
	out[96] = 1; // clustered
	out[97] = 1; // internal compression: none
	out[98] = 1; // tile compression: none
	out[99] = 1; // vector tiles
	const zooms = tiles.map((t) => t.z);
	out[100] = Math.min(...zooms);
	out[101] = Math.max(...zooms);
	const e7 = (v: number) => Math.round(v * 1e7);
	view.setInt32(102, e7(bounds.west), true);
	view.setInt32(106, e7(bounds.south), true);
	view.setInt32(110, e7(bounds.east), true);
	view.setInt32(114, e7(bounds.north), true);
	out[118] = Math.min(...zooms);
	view.setInt32(119, e7((bounds.west + bounds.east) / 2), true);
	view.setInt32(123, e7((bounds.south + bounds.north) / 2), true);
	out.set(dir, rootOffset);
	out.set(metadata, metaOffset);
	out.set(data, dataOffset);
	return out;
}
