import type Database from 'better-sqlite3';
import type { EscortKey, Store } from '$lib/server/store/types';

type EscortKeyMethods = Pick<
	Store,
	'putEscortKey' | 'findEscortKeys' | 'deleteEscortKey' | 'listEscortKeys'
>;

type KeyRow = { escort_id: string; key: Buffer; created_at: string };

/**
 * The escort key table. A deleted key must be gone from the file, not only from the table:
 * `secure_delete` (set in the schema) zeroes the row in its page, and a TRUNCATE checkpoint
 * copies that page into the database and empties the write-ahead log, whose older frames
 * still hold the key as inserted. A checkpoint that readers block is retried on the next
 * call, so the retention sweep (which lists keys every round) finishes the job.
 */
export function sqliteEscortKeys(
	db: Database.Database,
	guard: <T>(fn: () => T) => T
): EscortKeyMethods {
	const sql = {
		insert: db.prepare(
			'INSERT INTO escort_keys (event_id, escort_id, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'
		),
		find: db.prepare(
			'SELECT escort_id, key, created_at FROM escort_keys WHERE event_id = ? AND escort_id = ?'
		),
		remove: db.prepare('DELETE FROM escort_keys WHERE event_id = ? AND escort_id = ?'),
		list: db.prepare(
			'SELECT escort_id, created_at FROM escort_keys WHERE event_id = ? ORDER BY escort_id'
		)
	};
	const toKey = (r: KeyRow): EscortKey => ({
		escortId: r.escort_id,
		key: Buffer.from(r.key),
		createdAt: r.created_at
	});
	const putTx = db.transaction((eventId: string, k: EscortKey): EscortKey => {
		sql.insert.run(eventId, k.escortId, k.key, k.createdAt);
		return toKey(sql.find.get(eventId, k.escortId) as KeyRow);
	});

	let unscrubbed = false;
	const scrub = () => {
		if (db.name === ':memory:') return;
		const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
		unscrubbed = result?.busy !== 0;
	};

	return {
		async putEscortKey(eventId, k) {
			return guard(() => putTx.immediate(eventId, k));
		},
		async findEscortKeys(eventId, escortIds) {
			const found = new Map<string, EscortKey>();
			guard(() => {
				for (const id of new Set(escortIds)) {
					const row = sql.find.get(eventId, id) as KeyRow | undefined;
					if (row) found.set(id, toKey(row));
				}
			});
			return found;
		},
		async deleteEscortKey(eventId, escortId) {
			return guard(() => {
				const { changes } = sql.remove.run(eventId, escortId);
				scrub();
				return changes > 0;
			});
		},
		async listEscortKeys(eventId) {
			return guard(() => {
				if (unscrubbed) scrub();
				return (sql.list.all(eventId) as KeyRow[]).map((r) => ({
					escortId: r.escort_id,
					createdAt: r.created_at
				}));
			});
		}
	};
}
