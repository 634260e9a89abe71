import { describe, expect, it } from 'vitest';
import { JournalEventSchema } from '$lib/shared/journal';
import {
	newEvent,
	events,
	range,
	seqsOf,
	req,
	type ContractContext
} from './store-contract.fixtures';

/** Append and read: numbering, atomicity, idempotency, concurrency. */
export function journalContract({ fresh }: ContractContext): void {
	describe('append', () => {
		it('numbers events 1..n without gaps and reads them back as written', async () => {
			const { store } = await fresh();
			const written = events(5);
			for (const [i, e] of written.entries()) {
				expect(await store.append(req('pride', [e]))).toEqual({
					status: 'appended',
					seqs: [i + 1]
				});
			}
			expect(await store.head('pride')).toBe(5);
			const read = await store.readSince('pride', 0);
			expect(read).toEqual(written.map((e, i) => ({ ...e, seq: i + 1 })));
			for (const e of read) expect(JournalEventSchema.safeParse(e).success).toBe(true);
		});

		it('gives a multi-event append consecutive seqs, in the order given', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(1)));
			const three = events(3);
			expect(await store.append(req('pride', three))).toEqual({
				status: 'appended',
				seqs: [2, 3, 4]
			});
			expect(await store.readSince('pride', 1)).toEqual(
				three.map((e, i) => ({ ...e, seq: i + 2 }))
			);
		});

		it('keeps concurrent multi-event appends each in one consecutive block', async () => {
			const { store, another } = await fresh();
			const other = another();
			const results = await Promise.all(
				range(1, 10).map((i) => (i % 2 ? store : other).append(req('pride', events(3))))
			);
			const all: number[] = [];
			for (const r of results) {
				if (r.status !== 'appended') throw new Error(`unexpected ${r.status}`);
				expect(r.seqs).toEqual(range(r.seqs[0], r.seqs[0] + 2));
				all.push(...r.seqs);
			}
			expect(all.sort((a, b) => a - b)).toEqual(range(1, 30));
		});

		it('writes nothing when one event of an append cannot be stored', async () => {
			const { store } = await fresh();
			const bad = newEvent();
			(bad.data as Record<string, unknown>).description = 10n; // JSON cannot encode a BigInt
			const command = req('pride', [newEvent(), bad]);
			await expect(store.append(command)).rejects.toThrow();
			expect(await store.head('pride')).toBe(0);
			expect(await store.readSince('pride', 0)).toEqual([]);
			// The failed command was not recorded: sending it again (fixed) appends.
			const fixed = { ...command, events: [command.events[0]] };
			expect(await store.append(fixed)).toEqual({ status: 'appended', seqs: [1] });
		});

		it('answers a repeated command id with the first seqs and appends nothing', async () => {
			const { store } = await fresh();
			const first = req('pride', events(2));
			expect(await store.append(first)).toEqual({ status: 'appended', seqs: [1, 2] });
			await store.append(req('pride', events(1)));
			// A re-send after the head moved must still be a duplicate, not a conflict.
			const again = { ...first, expectedSeq: 0, events: events(2, 'resent') };
			expect(await store.append(again)).toEqual({ status: 'duplicate', seqs: [1, 2] });
			expect(await store.findCommand('pride', first.commandId)).toEqual([1, 2]);
			expect(await store.findCommand('pride', 'never-sent')).toBeNull();
			expect(await store.findCommand('march', first.commandId)).toBeNull();
			expect(await store.head('pride')).toBe(3);
			expect(seqsOf(await store.readSince('pride', 0))).toEqual([1, 2, 3]);
			expect((await store.readSince('pride', 0)).some((e) => e.id.startsWith('resent'))).toBe(
				false
			);
		});

		it('appends 20 concurrent copies of one command exactly once', async () => {
			const { store, another } = await fresh();
			const other = another();
			const command = req('pride', events(3));
			const results = await Promise.all(
				range(1, 20).map((i) => (i % 2 ? store : other).append({ ...command }))
			);
			expect(results.filter((r) => r.status === 'appended')).toHaveLength(1);
			expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(19);
			for (const r of results) expect(r).toMatchObject({ seqs: [1, 2, 3] });
			expect(await store.head('pride')).toBe(3);
			expect(await store.readSince('pride', 0)).toHaveLength(3);
		});

		it('refuses a stale expectedSeq with the current head and writes nothing', async () => {
			const { store } = await fresh();
			expect(await store.append(req('pride', events(1), { expectedSeq: 0 }))).toEqual({
				status: 'appended',
				seqs: [1]
			});
			await store.append(req('pride', events(1), { expectedSeq: 1 }));
			const stale = req('pride', events(1), { expectedSeq: 1 });
			expect(await store.append(stale)).toEqual({ status: 'conflict', head: 2 });
			expect(await store.head('pride')).toBe(2);
			expect(await store.readSince('pride', 0)).toHaveLength(2);
			// A conflict is not remembered as the command's result: it may retry on the new head.
			expect(await store.findCommand('pride', stale.commandId)).toBeNull();
			expect(await store.append({ ...stale, expectedSeq: 2 })).toEqual({
				status: 'appended',
				seqs: [3]
			});
		});

		it('lets exactly one of several appends on the same expectedSeq win', async () => {
			const { store, another } = await fresh();
			const other = another();
			await store.append(req('pride', events(1)));
			const results = await Promise.all(
				range(1, 10).map((i) =>
					(i % 2 ? store : other).append(req('pride', events(1), { expectedSeq: 1 }))
				)
			);
			expect(results.filter((r) => r.status === 'appended')).toEqual([
				{ status: 'appended', seqs: [2] }
			]);
			expect(results.filter((r) => r.status === 'conflict')).toHaveLength(9);
			expect(await store.head('pride')).toBe(2);
		});

		it('numbers 50 concurrent appends 1..50 with no gap or duplicate', async () => {
			const { store, another } = await fresh();
			const other = another();
			const sent = events(50);
			const results = await Promise.all(
				sent.map((e, i) => (i % 2 ? store : other).append(req('pride', [e])))
			);
			const seqs = results.map((r) => (r.status === 'appended' ? r.seqs[0] : -1));
			expect([...seqs].sort((a, b) => a - b)).toEqual(range(1, 50));
			const read = await store.readSince('pride', 0);
			expect(seqsOf(read)).toEqual(range(1, 50));
			// Each event sits at the seq its append reported.
			for (const [i, e] of sent.entries()) expect(read[seqs[i] - 1].id).toBe(e.id);
		});

		it('keeps the journals of two events apart', async () => {
			const { store } = await fresh();
			const shared = 'same-command-id';
			expect(await store.append(req('pride', events(2), { commandId: shared }))).toEqual({
				status: 'appended',
				seqs: [1, 2]
			});
			expect(await store.append(req('march', events(1), { commandId: shared }))).toEqual({
				status: 'appended',
				seqs: [1]
			});
			await store.append(req('pride', events(1)));
			expect(await store.head('pride')).toBe(3);
			expect(await store.head('march')).toBe(1);
			expect(await store.append(req('march', events(1), { expectedSeq: 1 }))).toEqual({
				status: 'appended',
				seqs: [2]
			});
			expect(seqsOf(await store.readSince('march', 0))).toEqual([1, 2]);
			expect((await store.listEvents()).sort()).toEqual(['march', 'pride']);
		});
	});

	describe('readSince and head', () => {
		it('reads in order after a seq, up to a limit', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(10)));
			expect(seqsOf(await store.readSince('pride', 3, 4))).toEqual([4, 5, 6, 7]);
			expect(seqsOf(await store.readSince('pride', 8))).toEqual([9, 10]);
			expect(await store.readSince('pride', 10)).toEqual([]);
			expect(seqsOf(await store.readSince('pride', 0, 1))).toEqual([1]);
			expect(await store.readSince('unknown', 0)).toEqual([]);
			expect(await store.head('unknown')).toBe(0);
			expect(await store.listEvents()).toEqual(['pride']);
		});

		it('returns at most 1000 events by default', async () => {
			const { store } = await fresh();
			for (let i = 0; i < 3; i++) await store.append(req('pride', events(350)));
			const read = await store.readSince('pride', 0);
			expect(seqsOf(read)).toEqual(range(1, 1000));
			expect(seqsOf(await store.readSince('pride', 1000))).toEqual(range(1001, 1050));
		});
	});
}
