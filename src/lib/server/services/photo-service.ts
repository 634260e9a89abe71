import { checkAndStripPhoto, PHOTO_MAX_BYTES, type PhotoType } from '$lib/shared/photo';
import { PhotoId } from '$lib/shared/photo-id';
import type { Photo, Session, Store } from '../store/types';

/**
 * Photos sent with reports. The server checks type and size and strips location metadata
 * again whatever the phone did: a modified or old app, or a script, can send anything.
 */

export type UploadOutcome =
	| { ok: true; status: 'stored' | 'exists' }
	| {
			ok: false;
			reason: 'bad-id' | 'forbidden' | 'type' | 'size' | 'damaged' | 'conflict';
	  };

export type StoredPhoto = { contentType: PhotoType; bytes: Uint8Array };

export class PhotoService {
	constructor(private readonly deps: { store: Store; now?: () => Date }) {}

	/** `session` must already be live (hooks resolve only live sessions). */
	async upload(session: Session, id: string, bytes: Uint8Array): Promise<UploadOutcome> {
		if (!PhotoId.safeParse(id).success) return { ok: false, reason: 'bad-id' };
		if (session.role !== 'marshal' || !session.subjectId) return { ok: false, reason: 'forbidden' };
		const checked = checkAndStripPhoto(bytes, PHOTO_MAX_BYTES);
		if (!checked.ok) return { ok: false, reason: checked.reason };
		const photo: Photo = {
			id,
			eventId: session.eventId,
			marshalId: session.subjectId,
			contentType: checked.type,
			bytes: checked.bytes,
			createdAt: (this.deps.now?.() ?? new Date()).toISOString()
		};
		const result = await this.deps.store.putPhoto(photo);
		return result === 'conflict' ? { ok: false, reason: 'conflict' } : { ok: true, status: result };
	}

	/**
	 * The control room of the photo's event, and the marshal who sent it, may see it. For
	 * anyone else it does not exist: a 404, not a 403, says nothing about which ids are real.
	 * Those who could see it learn that it was deleted after the retention period (`deleted`).
	 */
	async read(session: Session, id: string): Promise<StoredPhoto | 'deleted' | null> {
		if (!PhotoId.safeParse(id).success) return null;
		const { store } = this.deps;
		const photo =
			(await store.findPhoto(session.eventId, id)) ??
			(await store.findDeletedPhoto(session.eventId, id));
		if (!photo) return null;
		const allowed =
			session.role === 'organiser' ||
			(session.role === 'marshal' && session.subjectId === photo.marshalId);
		if (!allowed) return null;
		return 'bytes' in photo ? { contentType: photo.contentType, bytes: photo.bytes } : 'deleted';
	}
}
