import type { JournalEvent, NewJournalEvent } from '$lib/shared/journal';
import type { Invite, Organiser, Photo, Session } from '$lib/server/store/types';

/** How contract objects become Redis values and back. Null fields are left out of hashes. */

export type StreamEntry = [id: string, fields: string[]];

export function encodeEvent(e: NewJournalEvent): string {
	// Only the envelope's own fields, so both stores read back exactly the same shape.
	return JSON.stringify({ id: e.id, type: e.type, at: e.at, actor: e.actor, data: e.data });
}

export function decodeEntry([id, fields]: StreamEntry): JournalEvent {
	const seq = Number.parseInt(id, 10);
	const at = fields.indexOf('e');
	const body = JSON.parse(fields[at + 1]) as NewJournalEvent;
	return { seq, ...body } as JournalEvent;
}

export function toFields(record: Record<string, string | number | null>): string[] {
	const out: string[] = [];
	for (const [k, v] of Object.entries(record)) if (v !== null) out.push(k, String(v));
	return out;
}

/** HGETALL answers an object through ioredis but a flat array from inside a script. */
export function toRecord(reply: Record<string, string> | string[]): Record<string, string> {
	if (!Array.isArray(reply)) return reply;
	const out: Record<string, string> = {};
	for (let i = 0; i + 1 < reply.length; i += 2) out[reply[i]] = reply[i + 1];
	return out;
}

const isEmpty = (r: Record<string, string>) => Object.keys(r).length === 0;

export function organiserFields(o: Organiser): string[] {
	return toFields({
		id: o.id,
		email: o.email,
		displayName: o.displayName,
		passwordHash: o.passwordHash,
		createdAt: o.createdAt
	});
}

export function toOrganiser(r: Record<string, string>): Organiser | null {
	if (isEmpty(r)) return null;
	return {
		id: r.id,
		email: r.email,
		displayName: r.displayName,
		passwordHash: r.passwordHash,
		createdAt: r.createdAt
	};
}

export function sessionFields(s: Session): string[] {
	return toFields({
		id: s.id,
		tokenHash: s.tokenHash,
		role: s.role,
		eventId: s.eventId,
		subjectId: s.subjectId,
		createdAt: s.createdAt,
		expiresAt: s.expiresAt,
		revokedAt: s.revokedAt
	});
}

export function toSession(r: Record<string, string>): Session | null {
	if (isEmpty(r)) return null;
	return {
		id: r.id,
		tokenHash: r.tokenHash,
		role: r.role as Session['role'],
		eventId: r.eventId,
		subjectId: r.subjectId ?? null,
		createdAt: r.createdAt,
		expiresAt: r.expiresAt,
		revokedAt: r.revokedAt ?? null
	};
}

export function inviteFields(i: Invite): string[] {
	const expiresAtMs = Date.parse(i.expiresAt);
	return toFields({
		tokenHash: i.tokenHash,
		eventId: i.eventId,
		marshalId: i.marshalId,
		createdAt: i.createdAt,
		expiresAt: i.expiresAt,
		// The consume script compares numbers; an unparsable expiry never admits anyone.
		expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : 0,
		usedAt: i.usedAt
	});
}

export function toInvite(r: Record<string, string>): Invite | null {
	if (isEmpty(r)) return null;
	return {
		tokenHash: r.tokenHash,
		eventId: r.eventId,
		marshalId: r.marshalId,
		createdAt: r.createdAt,
		expiresAt: r.expiresAt,
		usedAt: r.usedAt ?? null
	};
}

/** A photo hash read as buffers; null when it is missing or incomplete. */
export function toPhoto(eventId: string, id: string, raw: Record<string, Buffer>): Photo | null {
	const { marshalId, contentType, createdAt, bytes } = raw;
	if (!marshalId || !contentType || !createdAt || !bytes) return null;
	const type = contentType.toString();
	if (type !== 'image/jpeg' && type !== 'image/png') return null;
	return {
		id,
		eventId,
		marshalId: marshalId.toString(),
		contentType: type,
		bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
		createdAt: createdAt.toString()
	};
}
