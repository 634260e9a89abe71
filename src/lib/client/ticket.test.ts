import { describe, expect, it } from 'vitest';
import { fetchTicket } from './ticket';

const respond =
	(status: number, body: unknown): typeof fetch =>
	async () =>
		new Response(typeof body === 'string' ? body : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		});

describe('fetchTicket', () => {
	it('returns the ticket', async () => {
		expect(await fetchTicket('/t', respond(200, { ticket: 'abc123abc123' }))).toEqual({
			kind: 'ok',
			ticket: 'abc123abc123'
		});
	});

	it.each([401, 403])('treats %i as revoked', async (status) => {
		expect(await fetchTicket('/t', respond(status, { message: 'no' }))).toEqual({
			kind: 'revoked'
		});
	});

	it.each([
		['a server error', respond(503, {})],
		['a malformed body', respond(200, 'not json')],
		['a missing ticket', respond(200, { nope: 1 })],
		[
			'a network failure',
			(async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch
		]
	])('retries later after %s', async (_name, fetcher) => {
		expect((await fetchTicket('/t', fetcher)).kind).toBe('error');
	});

	it('sends the session cookie and asks for the given url', async () => {
		let seen: { url: string; init?: RequestInit } | null = null;
		const fetcher = (async (url: string, init?: RequestInit) => {
			seen = { url, init };
			return new Response(JSON.stringify({ ticket: 'tttttttttttt' }));
		}) as typeof fetch;
		await fetchTicket('/api/realtime-ticket', fetcher);
		expect(seen).toMatchObject({
			url: '/api/realtime-ticket',
			init: { credentials: 'same-origin' }
		});
	});
});
