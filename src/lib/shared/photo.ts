/**
 * A photo attached to a report: what the phone may send and the server may keep.
 * The type is decided by the file's first bytes, never by its name or the declared
 * Content-Type, and the location metadata a camera writes (EXIF GPS, XMP, PNG text
 * chunks) is cut out. The phone does this before upload and the server again, because
 * a server cannot trust what a phone says it did (decision 9).
 */

/** The server's hard cap on one stored photo. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** What the phone aims for after resizing, leaving room under the server's cap. */
export const PHOTO_TARGET_BYTES = 1.5 * 1024 * 1024;
/** The longest edge after resizing on the phone: enough to see a scene, small to send. */
export const PHOTO_MAX_EDGE = 1600;
/** Larger originals are refused before decoding: a phone must not run out of memory on one. */
export const PHOTO_MAX_SOURCE_BYTES = 30 * 1024 * 1024;

export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/**
 * Photo ids are random UUIDs (v4) made by the phone: the outbox needs the id in the report
 * before it has a signal, and 122 random bits keep it unguessable (a time-ordered v7 would not).
 * The zod schema is in photo-id.ts: this module is on the marshal's report form, which loads
 * before zod does.
 */
export const PHOTO_ID_PATTERN =
	/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const PHOTO_MESSAGES = {
	type: 'Only JPEG or PNG photos can be sent.',
	size: 'This photo is too large to send.',
	damaged: 'This photo could not be read.'
} as const;

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, magic: number[]) =>
	bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The type by magic bytes, or null for anything else (a text file named .jpg included). */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
	if (startsWith(bytes, JPEG_MAGIC)) return 'image/jpeg';
	if (startsWith(bytes, PNG_MAGIC)) return 'image/png';
	return null;
}

export type CheckedPhoto =
	| { ok: true; type: PhotoType; bytes: Uint8Array }
	| { ok: false; reason: keyof typeof PHOTO_MESSAGES };

/** Type, size and structure checked, metadata stripped: the only bytes that may be kept. */
export function checkAndStripPhoto(bytes: Uint8Array, maxBytes = PHOTO_MAX_BYTES): CheckedPhoto {
	if (bytes.length > maxBytes) return { ok: false, reason: 'size' };
	const type = sniffPhotoType(bytes);
	if (!type) return { ok: false, reason: 'type' };
	const stripped = type === 'image/jpeg' ? stripJpeg(bytes) : stripPng(bytes);
	return stripped ? { ok: true, type, bytes: stripped } : { ok: false, reason: 'damaged' };
}

/** APP0 (JFIF) and APP14 (Adobe colour transform) affect decoding; every other APPn and COM does not. */
const KEEP_APP = new Set([0xe0, 0xee]);
const isDroppable = (marker: number) =>
	(marker >= 0xe0 && marker <= 0xef && !KEEP_APP.has(marker)) || marker === 0xfe;

/**
 * A JPEG without APP1 (EXIF, GPS, XMP), the other APPn segments and comments. Segments
 * are walked by their lengths up to the start of scan; the compressed data after it is
 * copied as it is. Null when the structure does not hold together.
 */
export function stripJpeg(bytes: Uint8Array): Uint8Array | null {
	if (!startsWith(bytes, JPEG_MAGIC)) return null;
	const parts: Uint8Array[] = [bytes.subarray(0, 2)];
	let i = 2;
	while (i < bytes.length) {
		if (bytes[i] !== 0xff) return null;
		// Fill bytes: any number of 0xFF may precede a marker.
		while (i < bytes.length && bytes[i] === 0xff) i++;
		if (i >= bytes.length) return null;
		const marker = bytes[i];
		const start = i - 1;
		i++;
		if (marker === 0xd9) {
			parts.push(bytes.subarray(start, i));
			return concat(parts);
		}
		// Standalone markers (TEM, RSTn) carry no length.
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			parts.push(bytes.subarray(start, i));
			continue;
		}
		if (i + 2 > bytes.length) return null;
		const length = (bytes[i] << 8) | bytes[i + 1];
		if (length < 2 || i + length > bytes.length) return null;
		const end = i + length;
		if (marker === 0xda) {
			// Start of scan: the rest is compressed data (and any further scans) to the end.
			parts.push(bytes.subarray(start));
			return concat(parts);
		}
		if (!isDroppable(marker)) parts.push(bytes.subarray(start, end));
		i = end;
	}
	return null;
}

/** Chunks that carry words or camera metadata (places, names, dates), none needed to draw. */
const DROP_PNG = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

/** A PNG without its text and EXIF chunks. Null when the chunk structure does not hold. */
export function stripPng(bytes: Uint8Array): Uint8Array | null {
	if (!startsWith(bytes, PNG_MAGIC)) return null;
	const parts: Uint8Array[] = [bytes.subarray(0, 8)];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let i = 8;
	let first = true;
	while (i + 12 <= bytes.length) {
		const length = view.getUint32(i);
		const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
		const end = i + 12 + length;
		if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return null;
		if (first && type !== 'IHDR') return null;
		first = false;
		if (!DROP_PNG.has(type)) parts.push(bytes.subarray(i, end));
		i = end;
		if (type === 'IEND') return concat(parts);
	}
	return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
