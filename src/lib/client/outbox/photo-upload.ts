import type { UploadAnswer } from './outbox';

/**
 * PUT /api/photos/<id> with the session cookie. The server's answer decides what the outbox
 * does: stored (201, or 200 for a resend) goes on to the report; a refusal of the photo
 * itself (400, 409, 413, 415) is final; anything else (no signal, 401 while signing back in,
 * 429, 5xx) is tried again later.
 */
const FINAL = new Set([400, 403, 409, 413, 415]);

export async function uploadPhoto(photoId: string, bytes: ArrayBuffer): Promise<UploadAnswer> {
	let res: Response;
	try {
		res = await fetch(`/api/photos/${encodeURIComponent(photoId)}`, {
			method: 'PUT',
			body: bytes,
			headers: { 'Content-Type': 'image/jpeg' },
			credentials: 'same-origin'
		});
	} catch {
		return { ok: false, retry: true, message: 'The photo is waiting for a signal.' };
	}
	if (res.ok) return { ok: true };
	const message = await reason(res);
	return { ok: false, retry: !FINAL.has(res.status), message };
}

async function reason(res: Response): Promise<string> {
	try {
		const body = (await res.json()) as { message?: unknown };
		if (typeof body.message === 'string' && body.message.length < 200) return body.message;
	} catch {
		// Not JSON: a proxy's page, say.
	}
	return res.status === 413 ? 'The photo is too large.' : 'The photo could not be sent.';
}
