/**
 * The incident queue's filters and sort orders, pure so they are tested without a page.
 */
import type { Incident, IncidentCategory, IncidentState } from '$lib/shared/model';
import { INCIDENT_STATES } from '$lib/shared/vocabulary';
import { byCodePoint } from '$lib/shared/text-order';

export type SortKey = 'reported' | 'severity' | 'state';
export type SortDir = 'asc' | 'desc';
export type Sort = { key: SortKey; dir: SortDir };

export type AgeFilter = '15m' | '1h' | '6h' | 'all';
export type QueueFilter = {
	/** 'open': not yet in a final state. */
	state: 'all' | 'open' | IncidentState;
	/** The lowest severity shown. */
	minSeverity: 1 | 2 | 3 | 4;
	category: 'all' | IncidentCategory;
	/** A sector id, 'none' (outside every sector) or 'all'. */
	sector: string;
	age: AgeFilter;
};

export const DEFAULT_FILTER: QueueFilter = {
	state: 'all',
	minSeverity: 1,
	category: 'all',
	sector: 'all',
	age: 'all'
};

/** Newest first; worst first; earliest in the workflow first. */
export const DEFAULT_DIR: Record<SortKey, SortDir> = {
	reported: 'desc',
	severity: 'desc',
	state: 'asc'
};

export const DEFAULT_SORT: Sort = { key: 'reported', dir: 'desc' };

export const AGE_MS: Record<AgeFilter, number> = {
	'15m': 15 * 60_000,
	'1h': 60 * 60_000,
	'6h': 6 * 60 * 60_000,
	all: Infinity
};

export const FINAL_STATES: ReadonlySet<IncidentState> = new Set([
	'resolved',
	'cancelled',
	'duplicate',
	'referred'
]);

export const isOpen = (i: Pick<Incident, 'state'>) => !FINAL_STATES.has(i.state);

export function matches(i: Incident, f: QueueFilter, now: Date): boolean {
	if (f.state === 'open' ? !isOpen(i) : f.state !== 'all' && i.state !== f.state) return false;
	if (i.severity < f.minSeverity) return false;
	if (f.category !== 'all' && i.category !== f.category) return false;
	if (f.sector === 'none' ? i.sectorId !== null : f.sector !== 'all' && i.sectorId !== f.sector) {
		return false;
	}
	if (f.age !== 'all' && now.getTime() - Date.parse(i.reportedAt) > AGE_MS[f.age]) return false;
	return true;
}

const stateRank = (s: IncidentState) => INCIDENT_STATES.indexOf(s);

// Times and ids in code-point order (byCodePoint): a queue of thousands re-sorts often.
function compare(a: Incident, b: Incident, key: SortKey): number {
	switch (key) {
		case 'reported':
			return byCodePoint(a.reportedAt, b.reportedAt);
		case 'severity':
			return a.severity - b.severity;
		case 'state':
			return stateRank(a.state) - stateRank(b.state);
	}
}

/** Sorted copy; ties go newest first, then by id, so the order never flickers. */
export function sortIncidents(list: readonly Incident[], sort: Sort): Incident[] {
	const sign = sort.dir === 'asc' ? 1 : -1;
	return [...list].sort(
		(a, b) =>
			sign * compare(a, b, sort.key) ||
			byCodePoint(b.reportedAt, a.reportedAt) ||
			byCodePoint(a.id, b.id)
	);
}

export function buildQueue(
	incidents: Record<string, Incident>,
	filter: QueueFilter,
	sort: Sort,
	now: Date
): Incident[] {
	// Plain copies: the page passes its $state proxies, and reading a proxy's field is a tracked
	// signal read; the loops below read the filter 5 and the sort ~25 times per incident.
	const f = { ...filter };
	const s = { ...sort };
	return sortIncidents(
		Object.values(incidents).filter((i) => matches(i, f, now)),
		s
	);
}

/** Rows the queue renders at first, and adds with each "Show more". */
export const QUEUE_PAGE = 50;

/**
 * Rows drawn in the page's first step after the snapshot, before the map and the side column:
 * a screenful. The rest of the first page follows a few tasks later; 50 rows at once were half
 * of a first step that ran over 100 ms.
 */
export const FIRST_DRAW_ROWS = 15;

/**
 * How many rows to render: at least `limit` (a multiple of QUEUE_PAGE), and always far enough
 * to include the row with `keepId` (the open record, the focused row) so focus can return to it.
 */
export function shownCount(
	rows: readonly { id: string }[],
	limit: number,
	keepIds: (string | null)[],
	page = QUEUE_PAGE
): number {
	let n = Math.min(rows.length, limit);
	const wanted = new Set(keepIds.filter((id): id is string => !!id));
	if (wanted.size === 0) return n;
	for (let i = n; i < rows.length; i++) {
		if (wanted.has(rows[i].id)) n = Math.min(rows.length, Math.ceil((i + 1) / page) * page);
	}
	return n;
}

/** The sort after pressing a sort button: the same key flips direction, a new key starts at its default. */
export function nextSort(current: Sort, key: SortKey): Sort {
	if (current.key !== key) return { key, dir: DEFAULT_DIR[key] };
	return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

/** The queue position keyboard navigation moves to. */
export function moveIndex(key: string, index: number, length: number): number | null {
	if (length === 0) return null;
	switch (key) {
		case 'ArrowDown':
			return Math.min(index + 1, length - 1);
		case 'ArrowUp':
			return Math.max(index - 1, 0);
		case 'Home':
			return 0;
		case 'End':
			return length - 1;
		case 'PageDown':
			return Math.min(index + 10, length - 1);
		case 'PageUp':
			return Math.max(index - 10, 0);
		default:
			return null;
	}
}
