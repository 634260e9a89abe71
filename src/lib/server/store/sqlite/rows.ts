import type { JournalEvent } from '$lib/shared/journal';
import type { Invite, Organiser, Photo, Session } from '$lib/server/store/types';

/** Rows as better-sqlite3 returns them, and their mapping to the contract's types. */

export type JournalRow = {
	seq: number;
	id: string;
	type: string;
	at: string;
	actor: string;
	data: string;
};

export type OrganiserRow = {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	created_at: string;
};

export type SessionRow = {
	id: string;
	token_hash: string;
	role: Session['role'];
	event_id: string;
	subject_id: string | null;
	created_at: string;
	expires_at: string;
	revoked_at: string | null;
};

export type InviteRow = {
	token_hash: string;
	event_id: string;
	marshal_id: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
};

export function toJournalEvent(row: JournalRow): JournalEvent {
	// Stored only by append(), from an already typed event: read back as written.
	return {
		seq: row.seq,
		id: row.id,
		type: row.type,
		at: row.at,
		actor: JSON.parse(row.actor),
		data: JSON.parse(row.data)
	} as JournalEvent;
}

export function toOrganiser(row: OrganiserRow): Organiser {
	return {
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		passwordHash: row.password_hash,
		createdAt: row.created_at
	};
}

export function toSession(row: SessionRow): Session {
	return {
		id: row.id,
		tokenHash: row.token_hash,
		role: row.role,
		eventId: row.event_id,
		subjectId: row.subject_id,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		revokedAt: row.revoked_at
	};
}

export function toInvite(row: InviteRow): Invite {
	return {
		tokenHash: row.token_hash,
		eventId: row.event_id,
		marshalId: row.marshal_id,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		usedAt: row.used_at
	};
}

export type PhotoRow = {
	event_id: string;
	id: string;
	marshal_id: string;
	content_type: Photo['contentType'];
	bytes: Buffer;
	created_at: string;
};

export function toPhoto(row: PhotoRow): Photo {
	return {
		id: row.id,
		eventId: row.event_id,
		marshalId: row.marshal_id,
		contentType: row.content_type,
		bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
		createdAt: row.created_at
	};
}
