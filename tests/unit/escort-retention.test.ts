/**
 * Retention of escort positions: sealing and opening, the fold of `escort:positions-deleted`,
 * the sealed store over a real SQLite file, and the retention sweep with a real runtime.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEscortKey, seal, sealContext, unseal } from '$lib/server/store/escort-seal';
import { sealedStore } from '$lib/server/store/sealed-store';
import { openSqliteStore } from '$lib/server/store/sqlite/sqlite-store';
import type { Store } from '$lib/server/store/types';
import { EventRuntime } from '$lib/server/services/event-runtime';
import { EscortRetention, positionsDeletedCommandId } from '$lib/server/services/escort-retention';
import { withoutEntryPositions } from '$lib/shared/escort-fold';
import type { LngLat } from '$lib/shared/geo';
import { JournalEventSchema, type JournalEvent, type NewJournalEvent } from '$lib/shared/journal';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { viewEvent, viewState } from '$lib/shared/views';

const PICKUP: LngLat = [174.7761234, -41.2915678];
const DEST: LngLat = [174.7801234, -41.2955678];
const WORDS = 'Green jacket, by the bus stop';
const GOING = 'Home to Aro Street';
const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const SYSTEM = { role: 'system' } as const;
const AROHA = { role: 'marshal', id: 'marshal-aroha' } as const;

const requested = (escortId = 'esc-1'): NewJournalEvent => ({
	id: `req-${escortId}`,
	type: 'escort:requested',
	at: at(0),
	actor: { role: 'public' },
	data: {
		escortId,
		deviceId: 'dev-1',
		pickup: PICKUP,
		destination: GOING,
		destinationPosition: DEST,
		description: WORDS,
		codeWord: 'fig wren'
	}
});
const offered = (escortId = 'esc-1'): NewJournalEvent => ({
	id: `req-${escortId}.1`,
	type: 'escort:offered',
	at: at(0),
	actor: SYSTEM,
	data: {
		escortId,
		marshalIds: ['marshal-aroha'],
		round: 0,
		respondBy: at(60),
		brief: {
			pickup: PICKUP,
			destination: GOING,
			destinationPosition: DEST,
			description: WORDS,
			requestedAt: at(0)
		}
	}
});
const step = (type: 'escort:accepted' | 'escort:arrived', s: number): NewJournalEvent =>
	type === 'escort:accepted'
		? {
				id: `acc-${s}`,
				type,
				at: at(s),
				actor: AROHA,
				data: { escortId: 'esc-1', marshalId: 'marshal-aroha' }
			}
		: { id: `arr-${s}`, type, at: at(s), actor: AROHA, data: { escortId: 'esc-1' } };
const deleted = (s: number): NewJournalEvent => ({
	id: positionsDeletedCommandId('esc-1'),
	type: 'escort:positions-deleted',
	at: at(s),
	actor: SYSTEM,
	data: { escortId: 'esc-1' }
});
const numbered = (events: NewJournalEvent[]) =>
	events.map((e, i) => JournalEventSchema.parse({ ...e, seq: i + 1 }) as JournalEvent);

const SECRETS = [String(PICKUP[0]), String(PICKUP[1]), String(DEST[0]), WORDS, GOING];
const holdsNone = (value: unknown) => {
	const text = JSON.stringify(value);
	for (const s of SECRETS) expect(text).not.toContain(s);
};

describe('sealing', () => {
	const key = newEscortKey();
	const ctx = sealContext('pride', 'esc-1', 'escort:requested');
	const fields = { pickup: PICKUP, description: WORDS };

	it('opens what it sealed, and the sealed text holds none of it', () => {
		const sealed = seal(key, ctx, fields);
		holdsNone(sealed);
		expect(unseal(key, ctx, sealed)).toEqual(fields);
	});

	it('opens nothing with another key, another escort, a changed byte or garbage', () => {
		const sealed = seal(key, ctx, fields);
		expect(unseal(newEscortKey(), ctx, sealed)).toBeNull();
		expect(unseal(key, sealContext('pride', 'esc-2', 'escort:requested'), sealed)).toBeNull();
		const parts = sealed.split('.');
		const body = Buffer.from(parts[2], 'base64url');
		body[0] ^= 1;
		parts[2] = body.toString('base64url');
		expect(unseal(key, ctx, parts.join('.'))).toBeNull();
		for (const junk of [undefined, 42, '', 'v1', 'v1.a.b.c', 'v9.' + sealed.slice(3), {}]) {
			expect(unseal(key, ctx, junk)).toBeNull();
		}
	});
});

describe('the fold of escort:positions-deleted', () => {
	const journal = numbered([
		requested(),
		offered(),
		step('escort:accepted', 10),
		step('escort:arrived', 600),
		deleted(900)
	]);
	const before = applyAll(emptyState('pride'), journal.slice(0, 4));
	const after = applyAll(emptyState('pride'), journal);

	it('drops positions and words, keeps the record', () => {
		expect(before.escorts['esc-1'].pickup).toEqual(PICKUP);
		const e = after.escorts['esc-1'];
		expect(e).toEqual({
			...before.escorts['esc-1'],
			pickup: null,
			destination: undefined,
			destinationPosition: undefined,
			description: undefined,
			positionsDeletedAt: at(900)
		});
		expect(e).not.toHaveProperty('description');
		expect(e).toMatchObject({ state: 'arrived', marshalId: 'marshal-aroha', closedAt: at(600) });
		holdsNone(after.escorts);
	});

	it('reaches the marshal who was offered it and drops their copy, never the public', () => {
		const aroha = { role: 'marshal', marshalId: 'marshal-aroha' } as const;
		expect(viewEvent(aroha, journal[4], after)).toMatchObject({
			type: 'escort:positions-deleted'
		});
		expect(viewEvent({ role: 'marshal', marshalId: 'marshal-kai' }, journal[4], after)).toBeNull();
		expect(viewEvent({ role: 'public', sessionId: 'dev-1' }, journal[4], after)).toBeNull();
		expect(viewState(aroha, after).escorts['esc-1']).toMatchObject({
			pickup: null,
			positionsDeletedAt: at(900)
		});
		holdsNone(viewState(aroha, after));
		holdsNone(viewState({ role: 'organiser' }, after));
	});

	it('is applied once: a second deletion or a late one for an unknown escort changes nothing', () => {
		const again = applyAll(after, numbered([...journal, deleted(999)]).slice(5));
		expect(again.escorts).toEqual(after.escorts);
	});

	it('strips cached entries of that escort only', () => {
		const gone = new Set(['esc-1']);
		holdsNone(journal.map((e) => withoutEntryPositions(e, gone)));
		expect(withoutEntryPositions(journal[0], new Set(['esc-2']))).toBe(journal[0]);
		const stripped = withoutEntryPositions(journal[1], gone);
		expect(JournalEventSchema.safeParse(stripped).success).toBe(true);
	});
});

describe('the sealed store on SQLite', () => {
	const dirs: string[] = [];
	const stores: Store[] = [];
	afterEach(async () => {
		await Promise.all(stores.splice(0).map((s) => s.close()));
		for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
	});
	function open() {
		const dir = mkdtempSync(join(tmpdir(), 'haven-seal-'));
		dirs.push(dir);
		const file = join(dir, 'haven.sqlite');
		const raw = openSqliteStore({ file });
		const sealed = sealedStore(raw);
		stores.push(sealed);
		return { raw, sealed, file };
	}
	const append = (store: Store, commandId: string, events: NewJournalEvent[]) =>
		store.append({ eventId: 'pride', commandId, expectedSeq: null, events });

	it('stores ciphertext only and reads back plain data, in readSince and subscribe', async () => {
		const { raw, sealed, file } = open();
		const got: JournalEvent[] = [];
		const stop = sealed.subscribe('pride', 0, (batch) => got.push(...batch));
		await append(sealed, 'c1', [requested(), offered()]);
		holdsNone(await raw.readSince('pride', 0));
		const read = await sealed.readSince('pride', 0);
		expect(read.map((e) => ({ ...e, seq: undefined }))).toEqual(
			[requested(), offered()].map((e) => ({ ...e, seq: undefined }))
		);
		await expect.poll(() => got.length).toBe(2);
		expect(got).toEqual(read);
		stop();
		const bytes = readFileSync(file).toString('latin1') + readFileSync(`${file}-wal`, 'latin1');
		for (const s of SECRETS) expect(bytes).not.toContain(s);
	});

	it('reads entries whose key is gone with positions null and no words, never failing', async () => {
		const { raw, sealed } = open();
		await append(sealed, 'c1', [requested(), offered()]);
		expect(await raw.deleteEscortKey('pride', 'esc-1')).toBe(true);
		const read = await sealed.readSince('pride', 0);
		expect(read[0].data).toEqual({
			escortId: 'esc-1',
			deviceId: 'dev-1',
			pickup: null,
			codeWord: 'fig wren'
		});
		expect(read[1].type === 'escort:offered' && read[1].data.brief).toEqual({
			pickup: null,
			requestedAt: at(0)
		});
		for (const e of read) expect(JournalEventSchema.safeParse(e).success).toBe(true);
		// An offer made after the key went (a late widening) is stored without positions.
		await append(sealed, 'c2', [offered()]);
		holdsNone(await raw.readSince('pride', 0));
	});
});

describe('the sealed store and damaged entries', () => {
	it('reads a damaged or foreign sealed value as deleted, and odd shapes unchanged', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'haven-seal-'));
		const raw = openSqliteStore({ file: join(dir, 'haven.sqlite') });
		const sealed = sealedStore(raw);
		try {
			await sealed.append({
				eventId: 'pride',
				commandId: 'c1',
				expectedSeq: null,
				events: [requested()]
			});
			const [stored] = await raw.readSince('pride', 0);
			const damaged = {
				...stored,
				id: 'damaged',
				data: { ...stored.data, sealed: 'v1.AAAA.BBBB.CCCC' }
			} as unknown as NewJournalEvent;
			// Another escort's sealed value copied in: its own key does not open it here.
			await raw.putEscortKey('pride', { escortId: 'esc-2', key: newEscortKey(), createdAt: at(0) });
			const copied = {
				...stored,
				id: 'copied',
				data: { ...stored.data, escortId: 'esc-2' }
			} as unknown as NewJournalEvent;
			const odd = { ...offered(), id: 'odd', data: { escortId: 'esc-1', brief: 'nonsense' } };
			await raw.append({
				eventId: 'pride',
				commandId: 'c2',
				expectedSeq: null,
				events: [damaged, copied, odd as unknown as NewJournalEvent]
			});
			const [, d, c, o] = await sealed.readSince('pride', 0);
			expect(d.data).toEqual({
				escortId: 'esc-1',
				deviceId: 'dev-1',
				pickup: null,
				codeWord: 'fig wren'
			});
			expect(c.data).toEqual({
				escortId: 'esc-2',
				deviceId: 'dev-1',
				pickup: null,
				codeWord: 'fig wren'
			});
			expect(o.data).toEqual({ escortId: 'esc-1', brief: 'nonsense' });
		} finally {
			await sealed.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

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
