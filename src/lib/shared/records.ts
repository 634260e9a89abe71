/**
 * Copy-on-write for the fold's id-keyed records (incidents, marshals, jobs…).
 *
 * The fold is pure: it never changes a state it was given. Copying a whole record for every
 * event is what that costs naively, and it is expensive where records are big: an object with
 * thousands of keys lives in V8's dictionary mode, where `{ ...record }` takes milliseconds
 * (a night of 5,000 incidents made every event cost about that, on the server and in every
 * browser, and folding its journal from scratch took most of a minute).
 *
 * So a batch of events (`batched`, used by `applyAll`) copies each record at most once: the
 * first write in the batch copies it, and later writes in the same batch go into that copy,
 * which nobody outside the batch has seen yet. Records of the state the batch started from are
 * never written to. Outside a batch every write copies, as before.
 */

/** Records created in the running batch: only these may be written in place. */
let draft: WeakSet<object> | null = null;

/** Runs `fold` as one batch (nested calls join the outer batch). */
export function batched<T>(fold: () => T): T {
	if (draft) return fold();
	draft = new WeakSet();
	try {
		return fold();
	} finally {
		draft = null;
	}
}

/** `{ ...record, [id]: value }`, without copying a record this batch already copied. */
export function setEntry<T>(
	record: Readonly<Record<string, T>>,
	id: string,
	value: T
): Record<string, T> {
	if (draft?.has(record)) {
		(record as Record<string, T>)[id] = value;
		return record as Record<string, T>;
	}
	// A key loop: several times faster than a spread for records in dictionary mode.
	const copy: Record<string, T> = {};
	for (const key of Object.keys(record)) copy[key] = record[key];
	copy[id] = value;
	draft?.add(copy);
	return copy;
}

/** True while `record` may still change: created in the batch that is running. */
export const isDraft = (record: object): boolean => draft?.has(record) ?? false;
