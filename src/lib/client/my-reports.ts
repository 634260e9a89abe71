/**
 * Ids of the reports this phone sent, so "My reports" can find them among the
 * incidents a marshal sees. Only ids are kept on the phone, never report content.
 */
const KEY = 'haven:my-reports';
const MAX = 200;

export function loadMyReports(storage: Pick<Storage, 'getItem'> | null = safeStorage()): string[] {
	try {
		const raw = storage?.getItem(KEY);
		const parsed: unknown = raw ? JSON.parse(raw) : [];
		return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
}

export function rememberMyReport(
	id: string,
	storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage()
): string[] {
	const ids = [...loadMyReports(storage).filter((x) => x !== id), id].slice(-MAX);
	try {
		storage?.setItem(KEY, JSON.stringify(ids));
	} catch {
		// Storage full or blocked: the list still works for this page's life.
	}
	return ids;
}

/** Forgets every id (the phone was signed out). */
export function forgetMyReports(storage: Pick<Storage, 'removeItem'> | null = safeStorage()): void {
	try {
		storage?.removeItem(KEY);
	} catch {
		// Blocked storage held nothing.
	}
}

function safeStorage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}
