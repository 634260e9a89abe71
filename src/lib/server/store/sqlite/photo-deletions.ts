import type Database from 'better-sqlite3';
import type { DeletedPhoto, Store } from '$lib/server/store/types';
import { walScrubber } from './wal-scrub';

type PhotoDeletionMethods = Pick<Store, 'deletePhoto' | 'findDeletedPhoto' | 'listPhotos'>;

type DeletedRow = {
	event_id: string;
	id: string;
	marshal_id: string;
	created_at: string;
	deleted_at: string;
};

/**
 * Deleting photos after the retention period (decision 13). The row moves to `deleted_photos`
 * without its bytes; `secure_delete` (set in the schema) zeroes the bytes in their pages and
 * `walScrubber` empties the write-ahead log that still holds them as uploaded. The sweep lists
 * photos every round, which retries a checkpoint that readers blocked.
 */
export function sqlitePhotoDeletions(
	db: Database.Database,
	guard: <T>(fn: () => T) => T
): PhotoDeletionMethods {
	const sql = {
		keep: db.prepare(
			`INSERT INTO deleted_photos (event_id, id, marshal_id, created_at, deleted_at)
			 SELECT event_id, id, marshal_id, created_at, ? FROM photos WHERE event_id = ? AND id = ?
			 ON CONFLICT DO NOTHING`
		),
		remove: db.prepare('DELETE FROM photos WHERE event_id = ? AND id = ?'),
		findDeleted: db.prepare('SELECT * FROM deleted_photos WHERE event_id = ? AND id = ?'),
		list: db.prepare('SELECT id, created_at FROM photos WHERE event_id = ? ORDER BY id')
	};
	const deleteTx = db.transaction((eventId: string, id: string, at: string): boolean => {
		sql.keep.run(at, eventId, id);
		return sql.remove.run(eventId, id).changes > 0;
	});
	const wal = walScrubber(db);

	return {
		async deletePhoto(eventId, id, at) {
			return guard(() => {
				const deleted = deleteTx.immediate(eventId, id, at);
				if (deleted) wal.scrub();
				return deleted;
			});
		},
		async findDeletedPhoto(eventId, id) {
			const row = guard(() => sql.findDeleted.get(eventId, id)) as DeletedRow | undefined;
			return row ? toDeleted(row) : null;
		},
		async listPhotos(eventId) {
			return guard(() => {
				wal.retry();
				return (sql.list.all(eventId) as { id: string; created_at: string }[]).map((r) => ({
					id: r.id,
					createdAt: r.created_at
				}));
			});
		}
	};
}

const toDeleted = (r: DeletedRow): DeletedPhoto => ({
	id: r.id,
	eventId: r.event_id,
	marshalId: r.marshal_id,
	createdAt: r.created_at,
	deletedAt: r.deleted_at
});
