import type Database from 'better-sqlite3';
import type { EscortKey, Store } from '$lib/server/store/types';
import { walScrubber } from './wal-scrub';

type EscortKeyMethods = Pick<
	Store,
	'putEscortKey' | 'findEscortKeys' | 'deleteEscortKey' | 'listEscortKeys'
>;

type KeyRow = { escort_id: string; key: Buffer; created_at: string };

/**
 * The escort key table. A deleted key must be gone from the file, not only from the table:
 * `secure_delete` (set in the schema) zeroes the row in its page, and `walScrubber` empties the
 * write-ahead log; the retention sweep lists keys every round, which retries a blocked one.
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

	const wal = walScrubber(db);

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
				wal.scrub();
				return changes > 0;
			});
		},
		async listEscortKeys(eventId) {
			return guard(() => {
				wal.retry();
				return (sql.list.all(eventId) as KeyRow[]).map((r) => ({
					escortId: r.escort_id,
					createdAt: r.created_at
				}));
			});
		}
	};
}
