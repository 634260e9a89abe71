import { afterEach, describe, expect, it, vi } from 'vitest';
import { JournalEventSchema, type JournalEvent, type NewJournalEvent } from '$lib/shared/journal';
import {
	StoreConflictError,
	type AppendRequest,
	type Invite,
	type Organiser,
	type Session,
	type Store
} from '$lib/server/store/types';

/** Fresh, empty storage; every store opened on one space sees the same data. */
export type StoreSpace = { open(): Store };

export type StoreHarness = {
	kind: Store['kind'];
	space(): Promise<StoreSpace>;
	/** Drops what a space stored (after its stores are closed). */
	cleanup?(): Promise<void>;
};

let counter = 0;

function newEvent(label = 'ev'): NewJournalEvent {
	counter += 1;
	return {
		id: `${label}-${counter}`,
		type: 'incident:reported',
		at: new Date(Date.UTC(2025, 5, 28, 12, 0, counter % 60)).toISOString(),
		actor: { role: 'marshal', id: 'marshal-1' },
		data: {
			incidentId: `incident-${counter}`,
			category: 'medical',
			severity: 2,
			position: [-0.1276, 51.5072],
			description: 'Person feeling faint, needs water ☀️ «ok»',
			onBehalf: false,
			sectorId: null
		}
	};
}

const events = (n: number, label = 'ev') => Array.from({ length: n }, () => newEvent(label));
const range = (from: number, to: number) =>
	Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const seqsOf = (list: JournalEvent[]) => list.map((e) => e.seq);

function req(eventId: string, evs: NewJournalEvent[], extra: Partial<AppendRequest> = {}) {
	counter += 1;
	return { eventId, commandId: `cmd-${counter}`, expectedSeq: null, events: evs, ...extra };
}

/** Every batch the listener got, flattened, plus a way to wait for a count. */
function collect(store: Store, eventId: string, afterSeq: number) {
	const got: JournalEvent[] = [];
	const stop = store.subscribe(eventId, afterSeq, (batch) => got.push(...batch));
	return {
		got,
		stop,
		until: (count: number) =>
			vi.waitFor(() => expect(got.length).toBeGreaterThanOrEqual(count), {
				timeout: 10_000,
				interval: 10
			})
	};
}

const organiser = (id: string, email: string): Organiser => ({
	id,
	email,
	displayName: 'Robin',
	passwordHash: 'scrypt$abc$def',
	createdAt: '2025-06-01T10:00:00.000Z'
});

const session = (id: string, tokenHash: string): Session => ({
	id,
	tokenHash,
	role: 'marshal',
	eventId: 'pride-2025',
	subjectId: 'marshal-7',
	createdAt: '2025-06-28T09:00:00.000Z',
	expiresAt: '2025-06-29T09:00:00.000Z',
	revokedAt: null
});

const invite = (tokenHash: string, expiresAt = '2025-06-28T18:00:00.000Z'): Invite => ({
	tokenHash,
	eventId: 'pride-2025',
	marshalId: 'marshal-7',
	createdAt: '2025-06-28T08:00:00.000Z',
	expiresAt,
	usedAt: null
});

export function storeContract(harness: StoreHarness): void {
	let opened: Store[] = [];

	/** A store on fresh storage, plus a way to open more instances on the same data. */
	async function fresh(): Promise<{ store: Store; another(): Store }> {
		const space = await harness.space();
		const another = () => {
			const s = space.open();
			opened.push(s);
			return s;
		};
		return { store: another(), another };
	}

	afterEach(async () => {
		await Promise.all(opened.map((s) => s.close()));
		opened = [];
		await harness.cleanup?.();
	});

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

	describe('subscribe', () => {
		it('catches up from afterSeq, then delivers live appends once each, in order', async () => {
			const { store } = await fresh();
			const written = events(3);
			await store.append(req('pride', written));
			const sub = collect(store, 'pride', 1);
			await sub.until(2);
			expect(sub.got).toEqual(written.slice(1).map((e, i) => ({ ...e, seq: i + 2 })));
			await store.append(req('pride', events(2)));
			await store.append(req('pride', events(1)));
			await sub.until(5);
			expect(seqsOf(sub.got)).toEqual(range(2, 6));
			sub.stop();
		});

		it('loses and repeats nothing when appends race the catch-up', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(1200)));
			const sub = collect(store, 'pride', 0);
			// Not awaited: these land while the subscriber is still reading its backlog.
			const racing = range(1, 30).map(() => store.append(req('pride', events(2))));
			await Promise.all(racing);
			await sub.until(1260);
			const fence = await store.append(req('pride', events(1)));
			await sub.until(1261);
			expect(fence).toEqual({ status: 'appended', seqs: [1261] });
			expect(seqsOf(sub.got)).toEqual(range(1, 1261));
			sub.stop();
		});

		it('gives each subscriber exactly the events after its own position', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(3)));
			// One asks beyond the head, the others from the start and from the middle.
			const ahead = collect(store, 'pride', 5);
			const fromStart = collect(store, 'pride', 0);
			const middle = collect(store, 'pride', 2);
			await fromStart.until(3);
			await middle.until(1);
			// The very next event alone must reach everyone, with nothing after it to reveal a gap.
			await store.append(req('pride', events(1)));
			await fromStart.until(4);
			await middle.until(2);
			for (let i = 0; i < 3; i++) await store.append(req('pride', events(1)));
			await fromStart.until(7);
			await middle.until(5);
			await ahead.until(2);
			expect(seqsOf(fromStart.got)).toEqual(range(1, 7));
			expect(seqsOf(middle.got)).toEqual(range(3, 7));
			expect(seqsOf(ahead.got)).toEqual([6, 7]);
			for (const s of [ahead, fromStart, middle]) s.stop();
		});

		it('gives subscribers joining during a stream of appends exactly their range', async () => {
			const { store, another } = await fresh();
			const writer = another();
			const joined: { after: number; sub: ReturnType<typeof collect> }[] = [];
			let head = 0;
			for (let round = 0; round < 40; round++) {
				const n = 1 + (round % 3);
				// Not awaited before subscribing: joins land before, during and after appends.
				const pending = writer.append(req('pride', events(n)));
				const after = (round * 7) % (head + 1);
				joined.push({ after, sub: collect(store, 'pride', after) });
				await pending;
				head += n;
			}
			// No later append: the last events must arrive on their own.
			for (const { after, sub } of joined) {
				await sub.until(head - after);
				expect(seqsOf(sub.got)).toEqual(range(after + 1, head));
				sub.stop();
			}
		});

		it('delivers appends made through another store instance', async () => {
			const { store, another } = await fresh();
			const writer = another();
			await writer.append(req('pride', events(2)));
			const sub = collect(store, 'pride', 0);
			await sub.until(2);
			const later = events(3);
			await writer.append(req('pride', later.slice(0, 2)));
			await writer.append(req('pride', later.slice(2)));
			await sub.until(5);
			expect(sub.got.slice(2)).toEqual(later.map((e, i) => ({ ...e, seq: i + 3 })));
			expect(seqsOf(sub.got)).toEqual(range(1, 5));
			sub.stop();
		});

		it('follows several events at once without mixing them up', async () => {
			const { store, another } = await fresh();
			const writer = another();
			const pride = collect(store, 'pride', 0);
			const march = collect(store, 'march', 0);
			for (let i = 0; i < 5; i++) {
				await writer.append(req('pride', events(1)));
				await writer.append(req('march', events(2)));
			}
			await pride.until(5);
			await march.until(10);
			expect(seqsOf(pride.got)).toEqual(range(1, 5));
			expect(seqsOf(march.got)).toEqual(range(1, 10));
			pride.stop();
			march.stop();
		});

		it('stops delivering after unsubscribe', async () => {
			const { store } = await fresh();
			const first = collect(store, 'pride', 0);
			await store.append(req('pride', events(1)));
			await first.until(1);
			first.stop();
			// A second listener proves the later appends were delivered to whoever still listens.
			const second = collect(store, 'pride', 1);
			await store.append(req('pride', events(2)));
			await second.until(2);
			expect(seqsOf(second.got)).toEqual([2, 3]);
			expect(seqsOf(first.got)).toEqual([1]);
			second.stop();
		});

		it('allows unsubscribing from inside the listener', async () => {
			const { store } = await fresh();
			const got: number[] = [];
			const stop = store.subscribe('pride', 0, (batch) => {
				got.push(...seqsOf(batch));
				stop();
			});
			await store.append(req('pride', events(1)));
			await vi.waitFor(() => expect(got).toEqual([1]));
			const witness = collect(store, 'pride', 0);
			await store.append(req('pride', events(1)));
			await witness.until(2);
			expect(got).toEqual([1]);
			witness.stop();
		});
	});

	describe('organisers', () => {
		it('finds an organiser by id and by email in any case', async () => {
			const { store } = await fresh();
			const o = organiser('org-1', 'Robin@Example.org');
			await store.createOrganiser(o);
			expect(await store.findOrganiserById('org-1')).toEqual(o);
			expect(await store.findOrganiserByEmail('robin@example.org')).toEqual(o);
			expect(await store.findOrganiserByEmail('ROBIN@EXAMPLE.ORG')).toEqual(o);
			expect(await store.findOrganiserByEmail('someone@example.org')).toBeNull();
			expect(await store.findOrganiserById('org-2')).toBeNull();
		});

		it('refuses a second organiser with the same email or id', async () => {
			const { store } = await fresh();
			await store.createOrganiser(organiser('org-1', 'robin@example.org'));
			await expect(
				store.createOrganiser(organiser('org-2', 'ROBIN@example.org'))
			).rejects.toBeInstanceOf(StoreConflictError);
			await expect(
				store.createOrganiser(organiser('org-1', 'other@example.org'))
			).rejects.toBeInstanceOf(StoreConflictError);
			expect(await store.findOrganiserById('org-2')).toBeNull();
			expect(await store.findOrganiserByEmail('other@example.org')).toBeNull();
		});
	});

	describe('sessions', () => {
		it('finds a session by token hash and by id', async () => {
			const { store } = await fresh();
			const s = session('sess-1', 'a'.repeat(64));
			const anonymous = { ...session('sess-2', 'b'.repeat(64)), role: 'public' as const };
			await store.createSession(s);
			await store.createSession({ ...anonymous, subjectId: null });
			expect(await store.findSessionByTokenHash('a'.repeat(64))).toEqual(s);
			expect(await store.findSessionById('sess-1')).toEqual(s);
			expect(await store.findSessionById('sess-2')).toEqual({ ...anonymous, subjectId: null });
			expect(await store.findSessionByTokenHash('c'.repeat(64))).toBeNull();
			expect(await store.findSessionById('nope')).toBeNull();
		});

		it('refuses a second session with the same token hash', async () => {
			const { store } = await fresh();
			await store.createSession(session('sess-1', 'a'.repeat(64)));
			await expect(store.createSession(session('sess-2', 'a'.repeat(64)))).rejects.toBeInstanceOf(
				StoreConflictError
			);
			expect(await store.findSessionById('sess-2')).toBeNull();
		});

		it('revokes once: the first revocation time stays', async () => {
			const { store } = await fresh();
			const s = session('sess-1', 'a'.repeat(64));
			await store.createSession(s);
			const first = '2025-06-28T12:00:00.000Z';
			expect(await store.revokeSession('sess-1', first)).toEqual({ ...s, revokedAt: first });
			expect(await store.revokeSession('sess-1', '2025-06-28T13:00:00.000Z')).toEqual({
				...s,
				revokedAt: first
			});
			expect(await store.findSessionByTokenHash(s.tokenHash)).toEqual({ ...s, revokedAt: first });
			expect(await store.revokeSession('unknown', first)).toBeNull();
			expect(await store.findSessionById('unknown')).toBeNull();
		});
	});

	describe('invites', () => {
		const before = '2025-06-28T12:00:00.000Z';

		it('consumes an invite once', async () => {
			const { store } = await fresh();
			const i = invite('f'.repeat(64));
			await store.createInvite(i);
			expect(await store.findInvite(i.tokenHash)).toEqual(i);
			expect(await store.consumeInvite(i.tokenHash, before)).toEqual({ ...i, usedAt: before });
			expect(await store.consumeInvite(i.tokenHash, before)).toBeNull();
			expect(await store.findInvite(i.tokenHash)).toEqual({ ...i, usedAt: before });
			expect(await store.consumeInvite('0'.repeat(64), before)).toBeNull();
			expect(await store.findInvite('0'.repeat(64))).toBeNull();
		});

		it('has exactly one winner among concurrent consumers', async () => {
			const { store, another } = await fresh();
			const other = another();
			await store.createInvite(invite('f'.repeat(64)));
			const results = await Promise.all(
				range(1, 10).map((n) => (n % 2 ? store : other).consumeInvite('f'.repeat(64), before))
			);
			const winners = results.filter((r) => r !== null);
			expect(winners).toHaveLength(1);
			expect((await store.findInvite('f'.repeat(64)))?.usedAt).toBe(winners[0]?.usedAt);
		});

		it('does not admit anyone with an expired invite', async () => {
			const { store } = await fresh();
			const i = invite('e'.repeat(64), '2025-06-28T12:00:00.000Z');
			await store.createInvite(i);
			expect(await store.consumeInvite(i.tokenHash, '2025-06-28T12:00:00.001Z')).toBeNull();
			expect(await store.consumeInvite(i.tokenHash, '2025-06-28T12:00:00.000Z')).toBeNull();
			// Still unused: a refused attempt changes nothing.
			expect(await store.consumeInvite(i.tokenHash, '2025-06-28T11:59:59.999Z')).toEqual({
				...i,
				usedAt: '2025-06-28T11:59:59.999Z'
			});
		});

		it('refuses a second invite with the same token hash', async () => {
			const { store } = await fresh();
			await store.createInvite(invite('f'.repeat(64)));
			await expect(store.createInvite(invite('f'.repeat(64)))).rejects.toBeInstanceOf(
				StoreConflictError
			);
		});
	});

	describe('lifecycle', () => {
		it('keeps everything across close and reopen', async () => {
			const { store, another } = await fresh();
			const written = events(3);
			const command = req('pride', written);
			await store.append(command);
			const o = organiser('org-1', 'robin@example.org');
			const s = session('sess-1', 'a'.repeat(64));
			const used = invite('1'.repeat(64));
			const unused = invite('2'.repeat(64));
			await store.createOrganiser(o);
			await store.createSession(s);
			await store.createInvite(used);
			await store.createInvite(unused);
			await store.consumeInvite(used.tokenHash, '2025-06-28T12:00:00.000Z');
			await store.close();

			const reopened = another();
			expect(await reopened.readSince('pride', 0)).toEqual(
				written.map((e, i) => ({ ...e, seq: i + 1 }))
			);
			expect(await reopened.head('pride')).toBe(3);
			expect(await reopened.listEvents()).toEqual(['pride']);
			expect(await reopened.append(command)).toEqual({ status: 'duplicate', seqs: [1, 2, 3] });
			expect(await reopened.append(req('pride', events(1)))).toEqual({
				status: 'appended',
				seqs: [4]
			});
			expect(await reopened.findOrganiserByEmail('ROBIN@example.org')).toEqual(o);
			expect(await reopened.findSessionByTokenHash(s.tokenHash)).toEqual(s);
			expect(await reopened.findCommand('pride', command.commandId)).toEqual([1, 2, 3]);
			expect(await reopened.findInvite(unused.tokenHash)).toEqual(unused);
			expect(await reopened.consumeInvite(used.tokenHash, '2025-06-28T12:00:00.000Z')).toBeNull();
			expect(await reopened.consumeInvite(unused.tokenHash, '2025-06-28T12:00:00.000Z')).toEqual({
				...unused,
				usedAt: '2025-06-28T12:00:00.000Z'
			});
		});

		it('reports itself healthy', async () => {
			const { store } = await fresh();
			expect(await store.health()).toMatchObject({ ok: true, kind: harness.kind });
			expect(store.kind).toBe(harness.kind);
		});
	});
}
