/**
 * Real photo bytes for tests: segments and chunks laid out as cameras write them, with an
 * EXIF block that holds a GPS position (41°17'30" S, Wellington), so a test can prove it is gone.
 */

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A big-endian TIFF block: IFD0 points at a GPS IFD with latitude ref and latitude. */
export function exifGpsTiff(): number[] {
	const ifd0 = [...u16(1), ...u16(0x8825), ...u16(4), ...u32(1), ...u32(26), ...u32(0)];
	const gps = [
		...u16(2),
		...[...u16(0x0001), ...u16(2), ...u32(2), ...ascii('S'), 0, 0, 0],
		...[...u16(0x0002), ...u16(5), ...u32(3), ...u32(56)],
		...u32(0)
	];
	const rationals = [...u32(41), ...u32(1), ...u32(17), ...u32(1), ...u32(3000), ...u32(100)];
	return [...ascii('MM'), 0, 42, ...u32(8), ...ifd0, ...gps, ...rationals];
}

/** The APP1 segment a camera writes, marker included. */
export function exifApp1(): Uint8Array {
	const body = [...ascii('Exif'), 0, 0, ...exifGpsTiff()];
	return Uint8Array.from([0xff, 0xe1, ...u16(body.length + 2), ...body]);
}

const segment = (marker: number, body: number[]) => [
	0xff,
	marker,
	...u16(body.length + 2),
	...body
];

/** Inserts the EXIF GPS segment right after SOI (and APP0 if present), as cameras place it. */
export function withExif(jpeg: Uint8Array): Uint8Array {
	let at = 2;
	if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + ((jpeg[4] << 8) | jpeg[5]);
	const app1 = exifApp1();
	const out = new Uint8Array(jpeg.length + app1.length);
	out.set(jpeg.subarray(0, at));
	out.set(app1, at);
	out.set(jpeg.subarray(at), at + app1.length);
	return out;
}

/**
 * A JPEG's structure with every kind of segment the stripper meets: JFIF, EXIF with GPS,
 * XMP, ICC, Adobe, a comment, tables, frame, scan data with a restart marker, EOI.
 */
export function craftedJpeg(): Uint8Array {
	return Uint8Array.from([
		0xff,
		0xd8,
		...segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
		...exifApp1(),
		...segment(0xe1, [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii('<x:xmpmeta/>')]),
		...segment(0xe2, [...ascii('ICC_PROFILE'), 0, 1, 1, 9, 9]),
		...segment(0xee, [...ascii('Adobe'), 0, 100, 0, 0, 0, 0, 1]),
		...segment(0xfe, ascii('taken by Robin at home')),
		...segment(0xdb, [0, ...new Array(64).fill(1)]),
		...segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
		...segment(0xc4, [0, ...new Array(16).fill(0)]),
		...segment(0xda, [1, 1, 0, 0, 63, 0]),
		0x12,
		0x34,
		0xff,
		0x00,
		0xff,
		0xd0,
		0x56,
		0xff,
		0xd9
	]);
}

const chunk = (type: string, data: number[]) => [
	...u32(data.length),
	...ascii(type),
	...data,
	...u32(0)
];

/** A PNG's chunk structure with text and EXIF chunks beside the image ones. */
export function craftedPng(): Uint8Array {
	return Uint8Array.from([
		0x89,
		0x50,
		0x4e,
		0x47,
		0x0d,
		0x0a,
		0x1a,
		0x0a,
		...chunk('IHDR', [...u32(1), ...u32(1), 8, 2, 0, 0, 0]),
		...chunk('tEXt', [...ascii('Author'), 0, ...ascii('Robin')]),
		...chunk('eXIf', exifGpsTiff()),
		...chunk('iTXt', [...ascii('Location'), 0, 0, 0, 0, 0, ...ascii('Cuba Street')]),
		...chunk('IDAT', [1, 2, 3, 4]),
		...chunk('IEND', [])
	]);
}

/** True when the bytes hold an EXIF header or the GPS IFD tag anywhere. */
export function hasExif(bytes: Uint8Array): boolean {
	const text = Buffer.from(bytes).toString('latin1');
	return text.includes('Exif\0\0') || text.includes('MM\0*') || text.includes('eXIf');
}
