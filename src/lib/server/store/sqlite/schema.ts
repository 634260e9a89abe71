import type Database from 'better-sqlite3';

/**
 * The embedded store's tables. `CREATE ... IF NOT EXISTS` keeps opening idempotent;
 * when a column changes, add a numbered migration here instead of editing a statement.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
	event_id TEXT NOT NULL,
	seq INTEGER NOT NULL,
	id TEXT NOT NULL,
	type TEXT NOT NULL,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	data TEXT NOT NULL,
	PRIMARY KEY (event_id, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS commands (
	event_id TEXT NOT NULL,
	command_id TEXT NOT NULL,
	seqs TEXT NOT NULL,
	PRIMARY KEY (event_id, command_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS organisers (
	id TEXT PRIMARY KEY,
	email TEXT NOT NULL,
	email_key TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
	id TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,
	event_id TEXT NOT NULL,
	subject_id TEXT,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT
);

-- Per-escort data keys; deleting one shreds that escort's sealed positions (decision 10).
CREATE TABLE IF NOT EXISTS escort_keys (
	event_id TEXT NOT NULL,
	escort_id TEXT NOT NULL,
	key BLOB NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (event_id, escort_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS invites (
	token_hash TEXT PRIMARY KEY,
	event_id TEXT NOT NULL,
	marshal_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT
);

CREATE TABLE IF NOT EXISTS photos (
	event_id TEXT NOT NULL,
	id TEXT NOT NULL,
	marshal_id TEXT NOT NULL,
	content_type TEXT NOT NULL,
	bytes BLOB NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (event_id, id)
) WITHOUT ROWID;

-- What is left of a photo deleted after the retention period (decision 13): no bytes.
CREATE TABLE IF NOT EXISTS deleted_photos (
	event_id TEXT NOT NULL,
	id TEXT NOT NULL,
	marshal_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	deleted_at TEXT NOT NULL,
	PRIMARY KEY (event_id, id)
) WITHOUT ROWID;
`;

export function applySchema(db: Database.Database): void {
	// WAL lets readers run beside the one writer; NORMAL is durable across app crashes
	// (only an OS crash can lose the last commits), which is the usual WAL trade-off.
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	// Another process (a CLI, a second server) may hold the write lock briefly.
	db.pragma('busy_timeout = 5000');
	db.pragma('foreign_keys = ON');
	// A deleted escort key or photo must not linger in free space of the file: zero what is deleted.
	// It is per connection and costs a little on every delete, of which Haven makes few.
	db.pragma('secure_delete = ON');
	db.exec(SCHEMA);
}
