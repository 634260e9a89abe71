import type Database from 'better-sqlite3';

/**
 * After a secure delete (escort keys, photos) the row is zeroed in its page, but older frames
 * of the write-ahead log still hold it as inserted. A TRUNCATE checkpoint copies the pages into
 * the database and empties the log. Readers of other connections can block it: then `pending`
 * stays true and the caller retries on its next sweep.
 */
export function walScrubber(db: Database.Database) {
	let pending = false;
	const scrub = () => {
		if (db.name === ':memory:') return;
		const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
		pending = result?.busy !== 0;
	};
	return {
		scrub,
		/** Retries a checkpoint that was blocked. */
		retry: () => {
			if (pending) scrub();
		}
	};
}
