import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { JournalEvent } from '$lib/shared/journal';
import {
	StoreConflictError,
	StoreUnavailableError,
	type AppendRequest,
	type AppendResult,
	type Invite,
	type Organiser,
	type Photo,
	type PutPhotoResult,
	type Session,
	type Store
} from '$lib/server/store/types';
import { sqliteEscortKeys } from './escort-keys';
import { sqlitePhotoDeletions } from './photo-deletions';
import { SqliteHub } from './hub';
import {
	toInvite,
	toJournalEvent,
	toOrganiser,
	toPhoto,
	toSession,
	type InviteRow,
	type JournalRow,
	type OrganiserRow,
	type PhotoRow,
	type SessionRow
} from './rows';
import { applySchema } from './schema';

const DEFAULT_LIMIT = 1000;

export function openSqliteStore(opts: { file: string }): Store {
	if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
	const db = new Database(opts.file);
	applySchema(db);
	const sql = prepareStatements(db);
	const hub = new SqliteHub({
		read: (eventId, afterSeq, limit) =>
			(sql.readSince.all(eventId, afterSeq, limit) as JournalRow[]).map(toJournalEvent),
		dataVersion: () => db.pragma('data_version', { simple: true }) as number
	});

	const appendTx = db.transaction((req: AppendRequest): AppendResult => {
		const prior = sql.findCommand.get(req.eventId, req.commandId) as { seqs: string } | undefined;
		if (prior) return { status: 'duplicate', seqs: JSON.parse(prior.seqs) as number[] };
		const head = (sql.head.get(req.eventId) as { head: number }).head;
		if (req.expectedSeq !== null && req.expectedSeq !== head) return { status: 'conflict', head };
		const seqs = req.events.map((e, i) => {
			const seq = head + i + 1;
			sql.insertEvent.run(
				req.eventId,
				seq,
				e.id,
				e.type,
				e.at,
				JSON.stringify(e.actor),
				JSON.stringify(e.data)
			);
			return seq;
		});
		sql.insertCommand.run(req.eventId, req.commandId, JSON.stringify(seqs));
		return { status: 'appended', seqs };
	});

	const consumeTx = db.transaction((tokenHash: string, at: string): Invite | null => {
		const row = sql.findInvite.get(tokenHash) as InviteRow | undefined;
		if (!row || row.used_at !== null) return null;
		if (!(Date.parse(at) < Date.parse(row.expires_at))) return null;
		sql.useInvite.run(at, tokenHash);
		return toInvite({ ...row, used_at: at });
	});

	const putPhotoTx = db.transaction((p: Photo): PutPhotoResult => {
		const prior = sql.photoOwner.get({ eventId: p.eventId, id: p.id }) as
			{ marshal_id: string } | undefined;
		if (prior) return prior.marshal_id === p.marshalId ? 'exists' : 'conflict';
		sql.insertPhoto.run(
			p.eventId,
			p.id,
			p.marshalId,
			p.contentType,
			Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength),
			p.createdAt
		);
		return 'stored';
	});

	return {
		kind: 'sqlite',

		async append(req) {
			if (req.events.length === 0) throw new TypeError('append needs at least one event');
			// IMMEDIATE takes the write lock before reading the head, so two processes on one
			// file cannot both read the same head and then collide on the insert.
			const result = guard(() => appendTx.immediate(req));
			if (result.status === 'appended') {
				const appended = req.events.map((e, i) => ({ ...e, seq: result.seqs[i] }) as JournalEvent);
				hub.published(req.eventId, appended);
			}
			return result;
		},

		async findCommand(eventId, commandId) {
			const row = guard(() => sql.findCommand.get(eventId, commandId)) as
				{ seqs: string } | undefined;
			return row ? (JSON.parse(row.seqs) as number[]) : null;
		},

		async readSince(eventId, afterSeq, limit = DEFAULT_LIMIT) {
			if (limit <= 0) return [];
			return guard(() =>
				(sql.readSince.all(eventId, Math.max(0, afterSeq), limit) as JournalRow[]).map(
					toJournalEvent
				)
			);
		},

		async head(eventId) {
			return guard(() => (sql.head.get(eventId) as { head: number }).head);
		},

		subscribe(eventId, afterSeq, listener) {
			return hub.subscribe(eventId, afterSeq, listener);
		},

		async listEvents() {
			return guard(() => (sql.listEvents.all() as { event_id: string }[]).map((r) => r.event_id));
		},

		async createOrganiser(o: Organiser) {
			guard(() =>
				sql.insertOrganiser.run(
					o.id,
					o.email,
					o.email.toLowerCase(),
					o.displayName,
					o.passwordHash,
					o.createdAt
				)
			);
		},

		async findOrganiserByEmail(email) {
			const row = guard(() => sql.organiserByEmail.get(email.toLowerCase())) as
				OrganiserRow | undefined;
			return row ? toOrganiser(row) : null;
		},

		async findOrganiserById(id) {
			const row = guard(() => sql.organiserById.get(id)) as OrganiserRow | undefined;
			return row ? toOrganiser(row) : null;
		},

		async createSession(s: Session) {
			guard(() =>
				sql.insertSession.run(
					s.id,
					s.tokenHash,
					s.role,
					s.eventId,
					s.subjectId,
					s.createdAt,
					s.expiresAt,
					s.revokedAt
				)
			);
		},

		async findSessionByTokenHash(tokenHash) {
			const row = guard(() => sql.sessionByTokenHash.get(tokenHash)) as SessionRow | undefined;
			return row ? toSession(row) : null;
		},

		async findSessionById(id) {
			const row = guard(() => sql.sessionById.get(id)) as SessionRow | undefined;
			return row ? toSession(row) : null;
		},

		async revokeSession(id, at) {
			const row = guard(() => sql.revokeSession.get(at, id)) as SessionRow | undefined;
			return row ? toSession(row) : null;
		},

		async createInvite(i: Invite) {
			guard(() =>
				sql.insertInvite.run(
					i.tokenHash,
					i.eventId,
					i.marshalId,
					i.createdAt,
					i.expiresAt,
					i.usedAt
				)
			);
		},

		async findInvite(tokenHash) {
			const row = guard(() => sql.findInvite.get(tokenHash)) as InviteRow | undefined;
			return row ? toInvite(row) : null;
		},

		async consumeInvite(tokenHash, at) {
			return guard(() => consumeTx.immediate(tokenHash, at));
		},

		async putPhoto(p) {
			return guard(() => putPhotoTx.immediate(p));
		},

		async findPhoto(eventId, id) {
			const row = guard(() => sql.findPhoto.get(eventId, id)) as PhotoRow | undefined;
			return row ? toPhoto(row) : null;
		},
		...sqlitePhotoDeletions(db, guard),
		...sqliteEscortKeys(db, guard),

		async health() {
			try {
				sql.ping.get();
				return { ok: true, kind: 'sqlite', detail: 'ok' };
			} catch (err) {
				return { ok: false, kind: 'sqlite', detail: errorMessage(err) };
			}
		},

		async close() {
			hub.close();
			if (db.open) db.close();
		}
	};
}

function prepareStatements(db: Database.Database) {
	return {
		findCommand: db.prepare('SELECT seqs FROM commands WHERE event_id = ? AND command_id = ?'),
		head: db.prepare('SELECT COALESCE(MAX(seq), 0) AS head FROM journal WHERE event_id = ?'),
		insertEvent: db.prepare(
			'INSERT INTO journal (event_id, seq, id, type, at, actor, data) VALUES (?, ?, ?, ?, ?, ?, ?)'
		),
		insertCommand: db.prepare('INSERT INTO commands (event_id, command_id, seqs) VALUES (?, ?, ?)'),
		readSince: db.prepare(
			'SELECT seq, id, type, at, actor, data FROM journal WHERE event_id = ? AND seq > ? ORDER BY seq LIMIT ?'
		),
		listEvents: db.prepare('SELECT DISTINCT event_id FROM journal ORDER BY event_id'),
		insertOrganiser: db.prepare(
			'INSERT INTO organisers (id, email, email_key, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)'
		),
		organiserByEmail: db.prepare('SELECT * FROM organisers WHERE email_key = ?'),
		organiserById: db.prepare('SELECT * FROM organisers WHERE id = ?'),
		insertSession: db.prepare(
			'INSERT INTO sessions (id, token_hash, role, event_id, subject_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
		),
		sessionByTokenHash: db.prepare('SELECT * FROM sessions WHERE token_hash = ?'),
		sessionById: db.prepare('SELECT * FROM sessions WHERE id = ?'),
		revokeSession: db.prepare(
			'UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING *'
		),
		insertInvite: db.prepare(
			'INSERT INTO invites (token_hash, event_id, marshal_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)'
		),
		findInvite: db.prepare('SELECT * FROM invites WHERE token_hash = ?'),
		useInvite: db.prepare('UPDATE invites SET used_at = ? WHERE token_hash = ?'),
		// A deleted photo's id stays taken, so its bytes cannot come back under it.
		photoOwner: db.prepare(
			'SELECT marshal_id FROM photos WHERE event_id = @eventId AND id = @id UNION ALL SELECT marshal_id FROM deleted_photos WHERE event_id = @eventId AND id = @id'
		),
		insertPhoto: db.prepare(
			'INSERT INTO photos (event_id, id, marshal_id, content_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'
		),
		findPhoto: db.prepare('SELECT * FROM photos WHERE event_id = ? AND id = ?'),
		ping: db.prepare('SELECT 1')
	};
}

/** Uniqueness violations are the caller's conflict; anything else means the store is broken. */
function guard<T>(fn: () => T): T {
	try {
		return fn();
	} catch (err) {
		if (err instanceof StoreConflictError || err instanceof StoreUnavailableError) throw err;
		const code = (err as { code?: unknown }).code;
		if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
			// The message names the constraint (table.column), never the value.
			throw new StoreConflictError(`sqlite: ${errorMessage(err)}`);
		}
		throw new StoreUnavailableError(`sqlite: ${errorMessage(err)}`, { cause: err });
	}
}

function errorMessage(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
