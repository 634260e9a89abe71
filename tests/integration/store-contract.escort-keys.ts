import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EscortKey } from '$lib/server/store/types';
import type { ContractContext } from './store-contract.fixtures';

const key = (escortId: string, createdAt = '2030-01-01T10:00:00.000Z'): EscortKey => ({
	escortId,
	key: randomBytes(32),
	createdAt
});

/** Escort keys (retention by crypto-shredding, decision 10). */
export function escortKeysContract({ fresh }: ContractContext): void {
	describe('escort keys', () => {
		it('keeps the first key of an escort: a second put returns it unchanged', async () => {
			const { store, another } = await fresh();
			const first = key('esc-1');
			expect(await store.putEscortKey('pride', first)).toEqual(first);
			expect(await another().putEscortKey('pride', key('esc-1'))).toEqual(first);
			const found = await store.findEscortKeys('pride', ['esc-1', 'esc-1', 'esc-none']);
			expect([...found.keys()]).toEqual(['esc-1']);
			expect(found.get('esc-1')?.key.equals(first.key)).toBe(true);
		});

		it('keeps keys per event', async () => {
			const { store } = await fresh();
			await store.putEscortKey('pride', key('esc-1'));
			expect((await store.findEscortKeys('other', ['esc-1'])).size).toBe(0);
			expect(await store.listEscortKeys('other')).toEqual([]);
			expect(await store.deleteEscortKey('other', 'esc-1')).toBe(false);
			expect((await store.findEscortKeys('pride', ['esc-1'])).size).toBe(1);
		});

		it('deletes a key for every instance, once, and lists the rest without key material', async () => {
			const { store, another } = await fresh();
			const other = another();
			await store.putEscortKey('pride', key('esc-1', '2030-01-01T10:00:00.000Z'));
			await store.putEscortKey('pride', key('esc-2', '2030-01-01T11:00:00.000Z'));
			expect(await other.deleteEscortKey('pride', 'esc-1')).toBe(true);
			expect(await store.deleteEscortKey('pride', 'esc-1')).toBe(false);
			expect((await store.findEscortKeys('pride', ['esc-1', 'esc-2'])).has('esc-1')).toBe(false);
			expect(await store.listEscortKeys('pride')).toEqual([
				{ escortId: 'esc-2', createdAt: '2030-01-01T11:00:00.000Z' }
			]);
			expect(await store.findEscortKeys('pride', [])).toEqual(new Map());
		});

		it('survives a restart', async () => {
			const { store, another } = await fresh();
			const k = key('esc-1');
			await store.putEscortKey('pride', k);
			await store.close();
			expect((await another().findEscortKeys('pride', ['esc-1'])).get('esc-1')).toEqual(k);
		});
	});
}
