/**
 * Retention of escort positions in the sealed store over a real SQLite file: only ciphertext
 * on disk, plain data read back, and entries whose key is gone (or whose sealed value is
 * damaged or foreign) read as deleted, never failing. The journal is support/escort-journal.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEscortKey } from '$lib/server/store/escort-seal';
import { sealedStore } from '$lib/server/store/sealed-store';
import { openSqliteStore } from '$lib/server/store/sqlite/sqlite-store';
import type { Store } from '$lib/server/store/types';
import { JournalEventSchema, type JournalEvent, type NewJournalEvent } from '$lib/shared/journal';
import { SECRETS, at, holdsNone, offered, requested } from './support/escort-journal';

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
