/**
 * How an outbox item is saved in IndexedDB, and how a saved record is read back: checked
 * against the command's own schema, because a record written by an older app version or
 * damaged on disk must be listed and skipped, never trusted.
 */
import { z } from 'zod';
import { newId } from '$lib/shared/ids';
import { COMMANDS, COMMAND_NAMES, type CommandName } from '$lib/shared/protocol';
import { PhotoId } from '$lib/shared/photo-id';
import type { OutboxItem } from './outbox-item';

export const MAX_LABEL = 200;

const isArrayBuffer = (v: unknown): v is ArrayBuffer =>
	Object.prototype.toString.call(v) === '[object ArrayBuffer]';

/** Bytes until the server has the photo; then only its id, so the phone stops holding it. */
const StoredPhoto = z.union([
	z.object({ id: PhotoId, sent: z.literal(false), bytes: z.custom<ArrayBuffer>(isArrayBuffer) }),
	z.object({ id: PhotoId, sent: z.literal(true) })
]);

const StoredSchema = z.object({
	v: z.literal(1),
	name: z.enum(COMMAND_NAMES as [CommandName, ...CommandName[]]),
	payload: z.record(z.string(), z.unknown()),
	label: z.string().max(MAX_LABEL),
	createdAt: z.number().finite(),
	photo: StoredPhoto.optional()
});
export type Stored = z.infer<typeof StoredSchema>;

export class OutboxError extends Error {}

/**
 * A new command as it is saved: a fresh command id unless it brings one, checked against
 * its command's schema, with its photo's bytes until the server has them. Throws
 * `OutboxError` with the reason when the command is not valid.
 */
export function newStored(
	name: CommandName,
	payload: Record<string, unknown>,
	label: string,
	createdAt: number,
	photo: { id: string; bytes: ArrayBuffer } | undefined,
	canUpload: boolean
): Stored {
	// A plain copy: IndexedDB cannot clone the page's reactive proxies, and the wire is JSON.
	const body = JSON.parse(JSON.stringify({ commandId: newId(), ...payload })) as {
		commandId: string;
	} & Record<string, unknown>;
	const checked = COMMANDS[name].payload.safeParse(body);
	if (!checked.success) {
		throw new OutboxError(checked.error.issues[0]?.message ?? 'This command is not valid.');
	}
	if (photo && (body.photoId !== photo.id || !canUpload)) {
		throw new OutboxError('The photo does not belong to this command.');
	}
	return {
		v: 1,
		name,
		payload: body,
		label: label.slice(0, MAX_LABEL),
		createdAt,
		...(photo ? { photo: { id: photo.id, sent: false as const, bytes: photo.bytes } } : {})
	};
}

/**
 * A saved record read back, or null when it cannot be trusted: not the stored shape, a
 * payload its command refuses, or a command id that is not the key it was saved under.
 */
export function readStored(key: string, value: unknown): Stored | null {
	const parsed = StoredSchema.safeParse(value);
	if (!parsed.success) return null;
	const payload = COMMANDS[parsed.data.name].payload.safeParse(parsed.data.payload);
	if (!payload.success || parsed.data.payload.commandId !== key) return null;
	return parsed.data;
}

/** A saved record as the list shows it after a reload: waiting to be sent. */
export function queuedItem(key: string, stored: Stored): OutboxItem {
	return {
		id: key,
		name: stored.name,
		label: stored.label,
		createdAt: stored.createdAt,
		state: 'queued',
		attempts: 0,
		message: null
	};
}

/** What the list shows for a record that could not be read (it is deleted). */
export function damagedItem(key: string, now: number): OutboxItem {
	return {
		id: key,
		name: null,
		label: 'An item saved on this phone could not be read',
		createdAt: now,
		state: 'damaged',
		attempts: 0,
		message: 'It was skipped. If it was a report, please make it again.'
	};
}
