import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '$lib/client/live.svelte';
import { linkActions } from './actions';

describe('the page actions', () => {
	it('answer "not connected" before there is a live link', async () => {
		const { send, query } = linkActions(() => null);
		const offline = { ok: false, code: 'unavailable', message: 'Not connected yet.' };
		expect(await send('advisory:withdraw', { advisoryId: 'a' })).toEqual(offline);
		expect(await query('dispatch:suggest', { incidentId: 'i' })).toEqual(offline);
	});

	it('go through the link the page has at the time of the call', async () => {
		let live: LiveEvent | null = null;
		const calls: unknown[][] = [];
		const link = {
			send: async (...args: unknown[]) => (calls.push(['send', ...args]), { ok: true, seq: 7 }),
			query: async (...args: unknown[]) => (calls.push(['query', ...args]), { ok: true, seq: 8 })
		} as unknown as LiveEvent;
		const { send, query } = linkActions(() => live);
		live = link;
		expect(await send('advisory:withdraw', { advisoryId: 'a' }, 500)).toEqual({ ok: true, seq: 7 });
		expect(await query('dispatch:suggest', { incidentId: 'i' })).toEqual({ ok: true, seq: 8 });
		expect(calls).toEqual([
			['send', 'advisory:withdraw', { advisoryId: 'a' }, 500],
			['query', 'dispatch:suggest', { incidentId: 'i' }, undefined]
		]);
	});
});
