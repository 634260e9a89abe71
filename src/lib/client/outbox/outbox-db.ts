/**
 * The outbox's IndexedDB database: one object store of unsent commands, keyed by command id.
 * Only what is not yet acknowledged lives here; an item is deleted the moment the server
 * answers it, so a lost phone holds nothing the control room already has.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const OUTBOX_DB_NAME = 'haven-outbox';
const VERSION = 1;

/**
 * Values are read back as `unknown` and validated by the caller: a record written by an
 * older app version, or damaged on disk, must be reported and skipped, never trusted.
 */
interface OutboxSchema extends DBSchema {
	items: { key: string; value: unknown };
}

export interface OutboxDb {
	all(): Promise<{ key: string; value: unknown }[]>;
	put(key: string, value: unknown): Promise<void>;
	delete(key: string): Promise<void>;
	close(): void;
}

export async function openOutboxDb(name = OUTBOX_DB_NAME): Promise<OutboxDb> {
	const db: IDBPDatabase<OutboxSchema> = await openDB<OutboxSchema>(name, VERSION, {
		upgrade(database) {
			if (!database.objectStoreNames.contains('items')) database.createObjectStore('items');
		}
	});
	return {
		async all() {
			const tx = db.transaction('items', 'readonly');
			const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
			await tx.done;
			return keys.map((key, i) => ({ key: String(key), value: values[i] }));
		},
		async put(key, value) {
			await db.put('items', value, key);
		},
		async delete(key) {
			await db.delete('items', key);
		},
		close() {
			db.close();
		}
	};
}

/** Deletes the whole database (sign-out, revocation). Waits for open connections to close. */
export async function deleteOutboxDb(name = OUTBOX_DB_NAME): Promise<void> {
	await deleteDB(name);
}
