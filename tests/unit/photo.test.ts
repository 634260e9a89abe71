import { describe, expect, it } from 'vitest';
import {
	PHOTO_MAX_BYTES,
	checkAndStripPhoto,
	sniffPhotoType,
	stripJpeg,
	stripPng
} from '$lib/shared/photo';
import { PhotoId } from '$lib/shared/photo-id';
import { craftedJpeg, craftedPng, exifApp1, hasExif, withExif } from '../support/photo-bytes';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Markers of the segments before the scan, in order. */
function jpegMarkers(bytes: Uint8Array): number[] {
	const out: number[] = [];
	let i = 2;
	while (i < bytes.length) {
		const marker = bytes[i + 1];
		out.push(marker);
		if (marker === 0xda || marker === 0xd9) break;
		i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
	}
	return out;
}

function pngChunks(bytes: Uint8Array): string[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out: string[] = [];
	for (let i = 8; i + 12 <= bytes.length; i += 12 + view.getUint32(i)) {
		out.push(text(bytes.subarray(i + 4, i + 8)));
	}
	return out;
}

describe('photo type by magic bytes', () => {
	it('knows JPEG and PNG and nothing else, whatever a file is called', () => {
		expect(sniffPhotoType(craftedJpeg())).toBe('image/jpeg');
		expect(sniffPhotoType(craftedPng())).toBe('image/png');
		expect(sniffPhotoType(new TextEncoder().encode('not a photo, named photo.jpg'))).toBeNull();
		expect(sniffPhotoType(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toBeNull();
		expect(sniffPhotoType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
		expect(sniffPhotoType(new Uint8Array())).toBeNull();
	});

	it('accepts only random UUIDs as photo ids', () => {
		expect(PhotoId.safeParse(crypto.randomUUID()).success).toBe(true);
		expect(PhotoId.safeParse('0190a8d2-7c4e-7abc-8def-0123456789ab').success).toBe(false);
		expect(PhotoId.safeParse('../../etc/passwd').success).toBe(false);
		expect(PhotoId.safeParse('photo-1').success).toBe(false);
	});
});

describe('JPEG stripping', () => {
	it('drops EXIF with its GPS block, XMP, ICC and comments, keeps JFIF, Adobe and the image', () => {
		const original = craftedJpeg();
		expect(hasExif(original)).toBe(true);
		const out = stripJpeg(original);
		expect(out).not.toBeNull();
		const stripped = out as Uint8Array;
		expect(hasExif(stripped)).toBe(false);
		expect(text(stripped)).not.toContain('xmpmeta');
		expect(text(stripped)).not.toContain('ICC_PROFILE');
		expect(text(stripped)).not.toContain('Robin');
		expect(jpegMarkers(stripped)).toEqual([0xe0, 0xee, 0xdb, 0xc0, 0xc4, 0xda]);
		// The scan and what follows it are untouched, to the end-of-image marker.
		const scan = text(original).indexOf('\xff\xda');
		expect(text(stripped).endsWith(text(original).slice(scan))).toBe(true);
		expect([...stripped.subarray(0, 2)]).toEqual([0xff, 0xd8]);
		// Stripping twice changes nothing: the server's pass over a phone's output is safe.
		expect(stripJpeg(stripped)).toEqual(stripped);
	});

	it('finds EXIF placed anywhere before the scan', () => {
		const jpeg = withExif(stripJpeg(craftedJpeg()) as Uint8Array);
		expect(hasExif(jpeg)).toBe(true);
		expect(hasExif(stripJpeg(jpeg) as Uint8Array)).toBe(false);
	});

	it('refuses broken structure instead of passing it through', () => {
		const jpeg = craftedJpeg();
		expect(stripJpeg(jpeg.subarray(0, 30))).toBeNull();
		const lying = Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2, 3]);
		expect(stripJpeg(lying)).toBeNull();
		expect(stripJpeg(Uint8Array.from([0xff, 0xd8, 0x00, 0x00]))).toBeNull();
		const onlyExif = Uint8Array.from([0xff, 0xd8, ...exifApp1()]);
		expect(stripJpeg(onlyExif)).toBeNull();
	});
});

describe('PNG stripping', () => {
	it('drops text and eXIf chunks and keeps the image chunks in order', () => {
		const original = craftedPng();
		expect(hasExif(original)).toBe(true);
		const stripped = stripPng(original) as Uint8Array;
		expect(pngChunks(stripped)).toEqual(['IHDR', 'IDAT', 'IEND']);
		expect(hasExif(stripped)).toBe(false);
		expect(text(stripped)).not.toContain('Cuba Street');
		expect(stripPng(stripped)).toEqual(stripped);
	});

	it('refuses a PNG whose chunks run past the end or do not start with IHDR', () => {
		const png = craftedPng();
		expect(stripPng(png.subarray(0, png.length - 6))).toBeNull();
		const noHeader = Uint8Array.from([...png.subarray(0, 8), ...png.subarray(8 + 25)]);
		expect(stripPng(noHeader)).toBeNull();
	});
});

describe('checkAndStripPhoto', () => {
	it('says why a photo is refused: type, size or damage', () => {
		expect(checkAndStripPhoto(new TextEncoder().encode('hello'))).toEqual({
			ok: false,
			reason: 'type'
		});
		const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
		big.set(craftedJpeg());
		expect(checkAndStripPhoto(big)).toEqual({ ok: false, reason: 'size' });
		expect(checkAndStripPhoto(craftedJpeg().subarray(0, 40))).toEqual({
			ok: false,
			reason: 'damaged'
		});
		const good = checkAndStripPhoto(craftedPng());
		expect(good.ok && good.type).toBe('image/png');
	});
});
