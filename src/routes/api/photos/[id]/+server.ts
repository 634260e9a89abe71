import { error, json, text } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';
import { readCapped } from '$lib/server/http/read-capped';
import { PHOTO_MAX_BYTES, PHOTO_MESSAGES } from '$lib/shared/photo';
import { PhotoId } from '$lib/shared/photo-id';

/**
 * PUT: a signed-in marshal's phone uploads the photo of a report before sending the report.
 * The same id again from the same marshal is fine (the outbox resends when unsure).
 * GET: the control room (and the marshal who sent it) views it; 410 once it was deleted after
 * the retention period.
 * Photo bytes are never logged; errors carry only a short reason.
 */

const STATUS = {
	'bad-id': 400,
	forbidden: 403,
	type: 415,
	size: 413,
	damaged: 415,
	conflict: 409
} as const;

const MESSAGE = {
	'bad-id': 'Not a photo id.',
	forbidden: 'Only marshals send photos.',
	type: PHOTO_MESSAGES.type,
	size: PHOTO_MESSAGES.size,
	damaged: PHOTO_MESSAGES.damaged,
	conflict: 'This photo id is taken.'
} as const;

export const PUT: RequestHandler = async ({ locals, params, request, url }) => {
	const app = await getApp();
	const session = locals.session;
	if (!session) error(401, 'Not signed in.');
	if (session.role !== 'marshal') error(403, MESSAGE.forbidden);
	// Cookies are SameSite=Lax and PUT needs a preflight; this refuses what slips past both.
	const origin = request.headers.get('origin');
	if (origin && origin !== url.origin) error(403, 'Cross-site upload refused.');
	if (!PhotoId.safeParse(params.id).success) error(400, MESSAGE['bad-id']);
	if (!(await app.photoLimiter.take(session.id))) error(429, 'Too many photos. Try again soon.');

	const body = await readCapped(request, PHOTO_MAX_BYTES);
	if (!body.ok) {
		// The rest of the body is left unread, so this connection cannot carry another request:
		// say so, or a client reusing it meets a reset on its next one.
		return json(
			{ message: MESSAGE.size },
			{ status: 413, headers: { Connection: 'close', 'Cache-Control': 'no-store' } }
		);
	}
	let outcome;
	try {
		outcome = await app.photos.upload(session, params.id, body.bytes);
	} catch {
		error(503, 'The photo could not be stored just now. It will be sent again.');
	}
	if (!outcome.ok) error(STATUS[outcome.reason], MESSAGE[outcome.reason]);
	return text(outcome.status === 'stored' ? 'Stored.' : 'Already stored.', {
		status: outcome.status === 'stored' ? 201 : 200,
		headers: { 'Cache-Control': 'no-store' }
	});
};

export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	const session = locals.session;
	if (!session) error(401, 'Not signed in.');
	let photo;
	try {
		photo = await app.photos.read(session, params.id);
	} catch {
		error(503, 'The photo could not be read just now.');
	}
	if (!photo) error(404, 'Not found.');
	// Only those who could see it learn that it existed (decision 13).
	if (photo === 'deleted') error(410, 'Deleted after the retention period.');
	return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': photo.contentType,
			'Content-Length': String(photo.bytes.byteLength),
			'Cache-Control': 'no-store',
			'X-Content-Type-Options': 'nosniff',
			// Served as an image, never as a document that could run anything.
			'Content-Security-Policy': "default-src 'none'; sandbox",
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	});
};
