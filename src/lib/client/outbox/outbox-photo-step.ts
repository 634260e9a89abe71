/**
 * The photo step before a report is sent: upload its photo if the server does not have it
 * yet. The report must not overtake its photo, so a transient failure makes the round wait;
 * a refused photo (type, size) is taken out of the command, which then goes without it,
 * because the report matters more than the photo.
 */
import type { Stored } from './outbox-stored';

/** stored: the server has it (now or from an earlier try); retry: not now; refused: never. */
export type UploadAnswer = { ok: true } | { ok: false; retry: boolean; message: string };

export type OutboxUpload = (photoId: string, bytes: ArrayBuffer) => Promise<UploadAnswer>;

/** A photo for a command whose payload names it as `photoId`. */
export type OutboxPhoto = { id: string; bytes: ArrayBuffer };

/**
 * wait: stop the round and try again later; next: the record to save in place of the old
 * one (photo marked sent, or taken out); message: what the marshal is told, if anything.
 */
export type PhotoStep =
	{ wait: true; message: string } | { wait: false; next: Stored | null; message: string | null };

export async function photoStep(
	stored: Stored,
	upload: OutboxUpload | undefined
): Promise<PhotoStep> {
	const photo = stored.photo;
	if (!photo || photo.sent) return { wait: false, next: null, message: null };
	const answer: UploadAnswer = upload
		? await upload(photo.id, photo.bytes).catch(() => ({
				ok: false,
				retry: true,
				message: 'Could not send the photo.'
			}))
		: { ok: false, retry: true, message: 'Photos cannot be sent yet.' };
	if (!answer.ok && answer.retry) return { wait: true, message: answer.message };
	if (answer.ok) {
		return { wait: false, next: { ...stored, photo: { id: photo.id, sent: true } }, message: null };
	}
	return {
		wait: false,
		next: { ...stored, payload: withoutPhoto(stored.payload), photo: undefined },
		message: `Sent without the photo: ${answer.message}`
	};
}

function withoutPhoto(payload: Record<string, unknown>): Record<string, unknown> {
	const rest = { ...payload };
	delete rest.photoId;
	return rest;
}
