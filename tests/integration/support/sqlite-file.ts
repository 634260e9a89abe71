import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every byte the embedded store keeps on disk for a data dir: the database file and its
 * write-ahead log (absent after a truncating checkpoint), to look for what must be gone.
 */
export function sqliteBytes(dataDir: string): Buffer {
	const file = join(dataDir, 'haven.sqlite');
	return Buffer.concat(
		[file, `${file}-wal`].map((f) => {
			try {
				return readFileSync(f);
			} catch {
				return Buffer.alloc(0);
			}
		})
	);
}
