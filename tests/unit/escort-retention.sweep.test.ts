/**
 * The escort retention sweep with a real runtime on a real SQLite file: after the retention
 * period it deletes the key and appends one deletion (once, even with two processes sweeping),
 * and keys of requests never recorded go after a grace period. The journal is
 * support/escort-journal.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEscortKey } from '$lib/server/store/escort-seal';
import { sealedStore } from '$lib/server/store/sealed-store';
import { openSqliteStore } from '$lib/server/store/sqlite/sqlite-store';
import type { Store } from '$lib/server/store/types';
import { EventRuntime } from '$lib/server/services/event-runtime';
import { EscortRetention } from '$lib/server/services/escort-retention';
import { PICKUP, T0, at, holdsNone, offered, requested, step } from './support/escort-journal';

describe('the retention sweep', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
	});

	it('deletes the key and appends one deletion, after the period only; the cache forgets too', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'haven-retention-'));
		dirs.push(dir);
		const file = join(dir, 'haven.sqlite');
		const raw = openSqliteStore({ file });
		const store = sealedStore(raw);
		const runtime = new EventRuntime('pride', store);
		await runtime.ready;
		let now = T0;
		const sweeper = (s: Store, r: EventRuntime) =>
			new EscortRetention({
				runtime: r,
				store: s,
				retentionSeconds: 300,
				now: () => new Date(now)
			});
		const one = sweeper(store, runtime);
		for (const [i, events] of [
			[requested(), offered()],
			[step('escort:accepted', 10)],
			[step('escort:arrived', 600)]
		].entries()) {
			await store.append({ eventId: 'pride', commandId: `c${i}`, expectedSeq: null, events });
		}
		await runtime.waitFor(4);
		expect(runtime.eventsAfter(0)?.[0].data).toMatchObject({ pickup: PICKUP });

		now = T0 + 899_000; // closed at +600 s: 299 s later
		expect(await one.sweep()).toBe(0);
		expect((await raw.findEscortKeys('pride', ['esc-1'])).size).toBe(1);

		now = T0 + 900_000;
		// A second process on the same file sweeps at the same moment: one entry all the same.
		const store2 = sealedStore(openSqliteStore({ file }));
		const runtime2 = new EventRuntime('pride', store2);
		await runtime2.ready;
		const counts = await Promise.all([one.sweep(), sweeper(store2, runtime2).sweep()]);
		expect(counts.reduce((a, b) => a + b)).toBe(1);
		await runtime.waitFor(5);
		expect(await raw.listEscortKeys('pride')).toEqual([]);
		const journal = await raw.readSince('pride', 0);
		expect(journal.filter((e) => e.type === 'escort:positions-deleted')).toHaveLength(1);
		expect(journal.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);

		expect(runtime.state.escorts['esc-1']).toMatchObject({ pickup: null, state: 'arrived' });
		holdsNone(runtime.state);
		holdsNone(runtime.eventsAfter(0));
		expect(await one.sweep()).toBe(0);

		// A process started now rebuilds the same record from the store.
		const fresh = new EventRuntime('pride', sealedStore(openSqliteStore({ file })));
		await fresh.ready;
		expect(fresh.state.escorts).toEqual(runtime.state.escorts);
		holdsNone(await fresh.eventsAfter(0));
		for (const r of [runtime, runtime2, fresh]) r.close();
		await Promise.all([store.close(), store2.close()]);
	});

	it('drops keys of requests that were never recorded, after a grace period', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'haven-retention-'));
		dirs.push(dir);
		const raw = openSqliteStore({ file: join(dir, 'haven.sqlite') });
		const runtime = new EventRuntime('pride', raw);
		await runtime.ready;
		await raw.putEscortKey('pride', { escortId: 'lost', key: newEscortKey(), createdAt: at(0) });
		let now = T0 + 60_000;
		const sweep = new EscortRetention({
			runtime,
			store: raw,
			retentionSeconds: 5,
			now: () => new Date(now)
		});
		await sweep.sweep();
		expect(await raw.listEscortKeys('pride')).toHaveLength(1);
		now = T0 + 601_000;
		await sweep.sweep();
		expect(await raw.listEscortKeys('pride')).toEqual([]);
		runtime.close();
		await raw.close();
	});
});
