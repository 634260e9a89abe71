import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '$lib/server/store/types';
import {
	events,
	range,
	req,
	organiser,
	session,
	invite,
	type ContractContext
} from './store-contract.fixtures';

/** Organisers, sessions, invites, and what survives a restart. */
export function recordsContract({ fresh, kind }: ContractContext): void {
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
			expect(await store.health()).toMatchObject({ ok: true, kind: kind });
			expect(store.kind).toBe(kind);
		});
	});
}
