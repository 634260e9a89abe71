import type { JournalEvent, NewJournalEvent } from '$lib/shared/journal';
import type { Role } from '$lib/shared/model';

/**
 * The one storage contract. SQLite (embedded, the default) and Redis (scaled)
 * both implement it, and one contract suite (tests/integration/store-contract)
 * runs against both. Services see only this interface.
 */

export type AppendRequest = {
	eventId: string;
	/** The client's command id: the same id twice yields the first result, never a second append. */
	commandId: string;
	/**
	 * Optimistic concurrency: append only if the journal's head is still this seq,
	 * so a decision made on a state is never applied on top of a newer one.
	 * Null appends whatever the head (for facts that do not depend on state).
	 */
	expectedSeq: number | null;
	/** One or more events, appended together or not at all. */
	events: NewJournalEvent[];
};

export type AppendResult =
	| { status: 'appended'; seqs: number[] }
	/** This command id was already appended: these are the seqs it got then. */
	| { status: 'duplicate'; seqs: number[] }
	/** The head moved past expectedSeq; nothing was written. */
	| { status: 'conflict'; head: number };

export type Organiser = {
	id: string;
	email: string;
	displayName: string;
	passwordHash: string;
	createdAt: string;
};

/** A signed-in browser or phone. A marshal's "device" is its session. */
export type Session = {
	id: string;
	/** SHA-256 of the cookie token, hex; the token itself is never stored. */
	tokenHash: string;
	role: Role;
	eventId: string;
	/** Organiser id or marshal id; null for an anonymous attendee. */
	subjectId: string | null;
	createdAt: string;
	expiresAt: string;
	revokedAt: string | null;
};

export type Invite = {
	/** SHA-256 of the invite token, hex. */
	tokenHash: string;
	eventId: string;
	marshalId: string;
	createdAt: string;
	expiresAt: string;
	usedAt: string | null;
};

/** A photo sent with a report, after the server's checks and stripping. */
export type Photo = {
	/** A random UUID made by the phone (see PhotoId). */
	id: string;
	eventId: string;
	/** The marshal who sent it; only they may send the same id again. */
	marshalId: string;
	contentType: 'image/jpeg' | 'image/png';
	bytes: Uint8Array;
	createdAt: string;
};

/**
 * stored: kept now; exists: this marshal sent this id already (the first bytes stay);
 * conflict: the id belongs to someone else's photo, nothing was written.
 */
export type PutPhotoResult = 'stored' | 'exists' | 'conflict';
/**
 * What is left of a photo deleted after the retention period (decision 13): no bytes, only
 * who sent it and when, so the route can answer 410 to those who could see it (and 404 to
 * the rest, as before) and the id cannot be stored again.
 */
export type DeletedPhoto = Omit<Photo, 'bytes' | 'contentType'> & { deletedAt: string };
/** A stored photo without its bytes, for the retention sweep. */
export type PhotoListing = { id: string; createdAt: string };
/**
 * A per-escort data key: the sealed positions of an escort's journal entries open only with
 * it, so deleting it after the retention period makes them unrecoverable (decision 10).
 */
export type EscortKey = { escortId: string; key: Buffer; createdAt: string };

export type StoreHealth = { ok: boolean; kind: 'sqlite' | 'redis'; detail: string };

export type JournalListener = (events: JournalEvent[]) => void;

export interface Store {
	readonly kind: 'sqlite' | 'redis';

	/** Atomic, gap-free (seq from 1), idempotent by command id. */
	append(req: AppendRequest): Promise<AppendResult>;
	/**
	 * The seqs a command id was appended as, or null if it never was. Services ask
	 * before deciding, so a re-sent command gets its first result even when the
	 * state has since moved on (e.g. the incident it created now exists).
	 */
	findCommand(eventId: string, commandId: string): Promise<number[] | null>;
	/** Events with seq > afterSeq, in order, at most `limit` (default 1000). */
	readSince(eventId: string, afterSeq: number, limit?: number): Promise<JournalEvent[]>;
	/** The last seq of the journal; 0 when empty. */
	head(eventId: string): Promise<number>;
	/**
	 * Calls `listener` with every event appended after `afterSeq`, by any process,
	 * in order, each once. Returns an unsubscribe function.
	 */
	subscribe(eventId: string, afterSeq: number, listener: JournalListener): () => void;
	/** Ids of events that have a journal. */
	listEvents(): Promise<string[]>;

	createOrganiser(o: Organiser): Promise<void>;
	findOrganiserByEmail(email: string): Promise<Organiser | null>;
	findOrganiserById(id: string): Promise<Organiser | null>;

	createSession(s: Session): Promise<void>;
	findSessionByTokenHash(tokenHash: string): Promise<Session | null>;
	findSessionById(id: string): Promise<Session | null>;
	/** Marks it revoked (idempotent). Returns the session, or null if unknown. */
	revokeSession(id: string, at: string): Promise<Session | null>;

	createInvite(i: Invite): Promise<void>;
	/** Reads an invite without using it (the join page shows whom it is for). */
	findInvite(tokenHash: string): Promise<Invite | null>;
	/** Marks an unused, unexpired invite used and returns it; null otherwise. Atomic: one winner. */
	consumeInvite(tokenHash: string, at: string): Promise<Invite | null>;

	/** Keeps a photo once per (event, id): atomic, so two uploads of one id cannot both store. */
	putPhoto(p: Photo): Promise<PutPhotoResult>;
	/** Null when there is none, or when its bytes were deleted. */
	findPhoto(eventId: string, id: string): Promise<Photo | null>;
	// Photo retention (docs/decisions/0013-photo-retention.md).
	/**
	 * Deletes the bytes so that nothing in the store still holds them, and keeps a
	 * `DeletedPhoto` in their place (idempotent); true if the bytes existed.
	 */
	deletePhoto(eventId: string, id: string, at: string): Promise<boolean>;
	findDeletedPhoto(eventId: string, id: string): Promise<DeletedPhoto | null>;
	/** Every photo whose bytes are still stored (no bytes in the answer). */
	listPhotos(eventId: string): Promise<PhotoListing[]>;
	// Escort keys (retention by crypto-shredding; docs/decisions/0010-escort-retention.md).
	/** Stores the key unless the escort has one; returns the stored one (first writer wins). */
	putEscortKey(eventId: string, key: EscortKey): Promise<EscortKey>;
	/** The keys of these escorts that still exist. */
	findEscortKeys(eventId: string, escortIds: readonly string[]): Promise<Map<string, EscortKey>>;
	/** Deletes the key so that nothing in the store still holds it; true if it existed. */
	deleteEscortKey(eventId: string, escortId: string): Promise<boolean>;
	/** Every key's escort and creation time (no key material), for the retention sweep. */
	listEscortKeys(eventId: string): Promise<{ escortId: string; createdAt: string }[]>;

	health(): Promise<StoreHealth>;
	close(): Promise<void>;
}

/** Thrown when the store is unreachable or broken; services map it to an 'unavailable' ack. */
export class StoreUnavailableError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StoreUnavailableError';
	}
}

/** Thrown on a uniqueness violation (e.g. an organiser email that exists). */
export class StoreConflictError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StoreConflictError';
	}
}
