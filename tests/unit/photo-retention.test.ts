/**
 * Retention of report photos: the fold of `incident:photo-deleted` and of `closedAt`, the
 * sweep's choice of what is due, and the sweep itself on a real SQLite file with a real runtime.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventRuntime } from '$lib/server/services/event-runtime';
import { duePhotos, ORPHAN_PHOTO_SECONDS } from '$lib/server/services/photo-retention-due';
import { photoDeletedCommandId, PhotoRetention } from '$lib/server/services/photo-retention';
import { openSqliteStore } from '$lib/server/store/sqlite/sqlite-store';
import type { Store } from '$lib/server/store/types';
import type { NewJournalEvent } from '$lib/shared/journal';
import type { Incident, IncidentState } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { craftedJpeg } from '../support/photo-bytes';
import { AROHA, at, numbered, type Step } from './support/fold-fixture';

const PHOTO = '3f2b8c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e';
const OTHER_PHOTO = '7c6b5a49-3827-4165-a4b3-c2d1e0f9a8b7';
const SYSTEM = { role: 'system' } as const;

const reported = (incidentId: string, photoId?: string): Step => [
	'incident:reported',
	{
		incidentId,
		category: 'hate-abuse',
		severity: 3,
		onBehalf: false,
		sectorId: null,
		...(photoId ? { photoId } : {})
	},
	AROHA
];
const moved = (incidentId: string, from: IncidentState, to: IncidentState): Step => [
	'incident:state-changed',
	{ incidentId, from, to }
];
const fold = (steps: Step[]) => applyAll(emptyState('pride'), numbered(steps));

describe('the fold', () => {
	it('stamps closedAt when an incident reaches a final state, and never moves it', () => {
		const s = fold([
			reported('inc-1', PHOTO),
			moved('inc-1', 'reported', 'acknowledged'),
			moved('inc-1', 'acknowledged', 'resolved'),
			['incident:noted', { incidentId: 'inc-1', noteId: 'n-1', text: 'Written up next day' }]
		]);
		expect(s.incidents['inc-1'].closedAt).toBe(at(3));
		const open = fold([reported('inc-2'), moved('inc-2', 'reported', 'acknowledged')]);
		expect(open.incidents['inc-2']).not.toHaveProperty('closedAt');
	});

	it('marks the photo deleted, with a line in the record, once', () => {
		const s = fold([
			reported('inc-1', PHOTO),
			moved('inc-1', 'reported', 'cancelled'),
			['incident:photo-deleted', { incidentId: 'inc-1', photoId: PHOTO }, SYSTEM],
			['incident:photo-deleted', { incidentId: 'inc-1', photoId: PHOTO }, SYSTEM]
		]);
		const i = s.incidents['inc-1'];
		expect(i.photoId).toBe(PHOTO);
		expect(i.photoDeletedAt).toBe(at(3));
		expect(i.timeline.map((l) => l.summary)).toEqual([
			'Reported: Hate-motivated abuse or harassment, severity 3',
			'State: reported → cancelled',
			'Photo deleted after the retention period'
		]);
	});

	it('ignores a deletion of another photo or of an unknown incident', () => {
		const before = fold([reported('inc-1', PHOTO)]);
		const after = fold([
			reported('inc-1', PHOTO),
			['incident:photo-deleted', { incidentId: 'inc-1', photoId: OTHER_PHOTO }, SYSTEM],
			['incident:photo-deleted', { incidentId: 'inc-9', photoId: PHOTO }, SYSTEM]
		]);
		expect(after.incidents).toEqual(before.incidents);
	});
});

describe('what is due', () => {
	const NOW = Date.parse('2030-01-02T00:00:00.000Z');
	const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
	/** A reported incident with a photo, as the fold makes it, then as the test needs it. */
	const incident = (over: Partial<Incident>): Incident => ({
		...fold([reported('inc-1', PHOTO)]).incidents['inc-1'],
		...over
	});
	const due = (incidents: Incident[], stored: { id: string; createdAt: string }[], period = 600) =>
		duePhotos({ incidents, stored, now: NOW, retentionSeconds: period });

	it('takes the photo of an incident closed longer ago than the period, and no sooner', () => {
		const closed = incident({ photoId: PHOTO, closedAt: ago(600) });
		expect(due([closed], []).attached).toEqual([{ incidentId: 'inc-1', photoId: PHOTO }]);
		expect(due([{ ...closed, closedAt: ago(599) }], []).attached).toEqual([]);
	});

	it('keeps the photo of an open incident however old, and never takes one twice', () => {
		const open = incident({ state: 'on-scene', photoId: PHOTO, reportedAt: ago(10 ** 7) });
		const stored = [{ id: PHOTO, createdAt: ago(10 ** 7) }];
		expect(due([open], stored)).toEqual({ attached: [], orphans: [] });
		const deleted = incident({ photoId: PHOTO, closedAt: ago(10 ** 6), photoDeletedAt: ago(1) });
		expect(due([deleted], []).attached).toEqual([]);
	});

	it('takes an upload no incident refers to after a day, or after the period if shorter', () => {
		const stored = [
			{ id: PHOTO, createdAt: ago(ORPHAN_PHOTO_SECONDS) },
			{ id: OTHER_PHOTO, createdAt: ago(ORPHAN_PHOTO_SECONDS - 1) }
		];
		expect(due([], stored, 30 * 86_400).orphans).toEqual([PHOTO]);
		expect(due([], stored, 60).orphans).toEqual([PHOTO, OTHER_PHOTO]);
		expect(due([], [{ id: PHOTO, createdAt: ago(59) }], 60).orphans).toEqual([]);
	});
});

describe('the sweep', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
	});
	const T0 = Date.parse('2030-01-01T10:00:00.000Z');
	const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
	const event = (id: string, seconds: number, e: Omit<NewJournalEvent, 'id' | 'at'>) =>
		({ id, at: iso(seconds), ...e }) as NewJournalEvent;
	const upload = (store: Store, id: string, seconds: number) =>
		store.putPhoto({
			id,
			eventId: 'pride',
			marshalId: 'marshal-aroha',
			contentType: 'image/jpeg',
			bytes: craftedJpeg(),
			createdAt: iso(seconds)
		});

	it('deletes a closed incident photo once after the period, keeps an open one, drops an orphan', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'haven-photo-retention-'));
		dirs.push(dir);
		const file = join(dir, 'haven.sqlite');
		const store = openSqliteStore({ file });
		const runtime = new EventRuntime('pride', store);
		await runtime.ready;
		const OPEN_PHOTO = crypto.randomUUID();
		const ORPHAN = crypto.randomUUID();
		await upload(store, PHOTO, 0);
		await upload(store, OPEN_PHOTO, 0);
		await upload(store, ORPHAN, 0);
		const report = (incidentId: string, photoId: string) =>
			event(`r-${incidentId}`, 1, {
				type: 'incident:reported',
				actor: AROHA,
				data: {
					incidentId,
					category: 'medical',
					severity: 2,
					onBehalf: false,
					sectorId: null,
					photoId
				}
			} as Omit<NewJournalEvent, 'id' | 'at'>);
		const close = event('close', 100, {
			type: 'incident:state-changed',
			actor: { role: 'organiser', id: 'org-1' },
			data: { incidentId: 'inc-1', from: 'reported', to: 'resolved' }
		} as Omit<NewJournalEvent, 'id' | 'at'>);
		for (const [i, events] of [
			[report('inc-1', PHOTO)],
			[report('inc-2', OPEN_PHOTO)],
			[close]
		].entries())
			await store.append({ eventId: 'pride', commandId: `c${i}`, expectedSeq: null, events });
		await runtime.waitFor(3);

		let now = T0 + 399_000; // closed at +100 s, period 300 s: one second early
		const sweeper = (s: Store, r: EventRuntime) =>
			new PhotoRetention({ runtime: r, store: s, retentionSeconds: 300, now: () => new Date(now) });
		const one = sweeper(store, runtime);
		expect(await one.sweep()).toBe(0);
		// The orphan is older than the period (shorter than a day): gone without an entry.
		expect(await store.findPhoto('pride', ORPHAN)).toBeNull();
		expect(await store.findPhoto('pride', PHOTO)).not.toBeNull();

		now = T0 + 400_000;
		const store2 = openSqliteStore({ file });
		const runtime2 = new EventRuntime('pride', store2);
		await runtime2.ready;
		const counts = await Promise.all([one.sweep(), sweeper(store2, runtime2).sweep()]);
		expect(counts.reduce((a, b) => a + b)).toBe(1);
		expect(await store.findPhoto('pride', PHOTO)).toBeNull();
		expect(await store.findDeletedPhoto('pride', PHOTO)).toMatchObject({ deletedAt: iso(400) });
		expect(await store.findPhoto('pride', OPEN_PHOTO)).not.toBeNull();
		const journal = await store.readSince('pride', 0);
		const deletions = journal.filter((e) => e.type === 'incident:photo-deleted');
		expect(deletions).toHaveLength(1);
		expect(deletions[0]).toMatchObject({
			id: photoDeletedCommandId(PHOTO),
			actor: SYSTEM,
			data: { incidentId: 'inc-1', photoId: PHOTO }
		});
		await runtime.waitFor(4);
		expect(runtime.state.incidents['inc-1'].photoDeletedAt).toBe(iso(400));
		expect(await one.sweep()).toBe(0);
		for (const r of [runtime, runtime2]) r.close();
		await Promise.all([store.close(), store2.close()]);
	});
});
