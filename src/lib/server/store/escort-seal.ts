import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { EscortDescription, EscortDestination } from '$lib/shared/escort';
import { LngLat } from '$lib/shared/geo';

/**
 * Sealing an escort's precise positions and words with its own key (AES-256-GCM), so that
 * deleting the key after the retention period leaves only ciphertext nobody can open, while
 * the journal stays append-only (decision 10).
 */

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

export const newEscortKey = (): Buffer => randomBytes(KEY_BYTES);

/** What is sealed: everything of a request that says where someone is or how to find them. */
export const SealedFields = z.object({
	pickup: LngLat.nullable(),
	destination: EscortDestination.optional(),
	destinationPosition: LngLat.optional(),
	description: EscortDescription.optional()
});
export type SealedFields = z.infer<typeof SealedFields>;

/**
 * Binds a ciphertext to its deployment's event, escort and entry type: a sealed value copied
 * into another escort's entry does not open there.
 */
export const sealContext = (eventId: string, escortId: string, type: string) =>
	Buffer.from(`haven-escort:${VERSION}:${eventId}:${escortId}:${type}`, 'utf8');

export function seal(key: Buffer, context: Buffer, fields: SealedFields): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(context);
	const body = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
	const tag = cipher.getAuthTag();
	return [VERSION, iv, body, tag]
		.map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
		.join('.');
}

/** The sealed fields, or null when the value is damaged, foreign or the key is not this one. */
export function unseal(key: Buffer, context: Buffer, sealed: unknown): SealedFields | null {
	if (typeof sealed !== 'string') return null;
	const parts = sealed.split('.');
	if (parts.length !== 4 || parts[0] !== VERSION) return null;
	try {
		const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
		if (iv.length !== IV_BYTES || tag.length !== 16) return null;
		const decipher = createDecipheriv('aes-256-gcm', key, iv);
		decipher.setAAD(context);
		decipher.setAuthTag(tag);
		const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
		const parsed = SealedFields.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}
