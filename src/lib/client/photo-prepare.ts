/**
 * A photo made ready on the phone before it joins a report: checked (type by its first
 * bytes, size), shrunk to PHOTO_MAX_EDGE on its long side and re-encoded as JPEG. Drawing
 * through a canvas keeps the pixels only, so the camera's EXIF (GPS position included)
 * does not survive; the result is stripped once more anyway, and the server strips again.
 */
import {
	PHOTO_MAX_EDGE,
	PHOTO_MAX_SOURCE_BYTES,
	PHOTO_MESSAGES,
	PHOTO_TARGET_BYTES,
	sniffPhotoType,
	stripJpeg
} from '$lib/shared/photo';

export type PreparedPhoto =
	{ ok: true; bytes: ArrayBuffer; width: number; height: number } | { ok: false; message: string };

const QUALITIES = [0.8, 0.65, 0.5];

export const PHONE_MESSAGES = {
	type: `${PHOTO_MESSAGES.type} This file is not a photo the control room can open.`,
	size: `${PHOTO_MESSAGES.size} Choose a smaller one.`,
	damaged: `${PHOTO_MESSAGES.damaged} Try taking it again.`
} as const;

/** The size the long edge is brought down to, never up. */
export function fitWithin(width: number, height: number, maxEdge = PHOTO_MAX_EDGE) {
	const scale = Math.min(1, maxEdge / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
	if (file.size > PHOTO_MAX_SOURCE_BYTES) return { ok: false, message: PHONE_MESSAGES.size };
	const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
	if (!sniffPhotoType(head)) return { ok: false, message: PHONE_MESSAGES.type };

	let bitmap: ImageBitmap;
	try {
		// Turned upright by its own orientation tag before that tag is lost with the rest.
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return { ok: false, message: PHONE_MESSAGES.damaged };
	}
	const size = fitWithin(bitmap.width, bitmap.height);
	const canvas = document.createElement('canvas');
	canvas.width = size.width;
	canvas.height = size.height;
	const context = canvas.getContext('2d');
	if (!context) {
		bitmap.close();
		return { ok: false, message: PHONE_MESSAGES.damaged };
	}
	context.drawImage(bitmap, 0, 0, size.width, size.height);
	bitmap.close();

	for (const quality of QUALITIES) {
		const blob = await new Promise<Blob | null>((resolve) =>
			canvas.toBlob(resolve, 'image/jpeg', quality)
		);
		if (!blob) break;
		if (blob.size > PHOTO_TARGET_BYTES) continue;
		const stripped = stripJpeg(new Uint8Array(await blob.arrayBuffer()));
		if (!stripped) break;
		return { ok: true, bytes: stripped.slice().buffer, ...size };
	}
	return { ok: false, message: PHONE_MESSAGES.size };
}
