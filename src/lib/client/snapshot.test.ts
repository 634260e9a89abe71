import { describe, expect, it } from 'vitest';
import { fetchSnapshot } from './snapshot';

const respond =
	(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch =>
	async () =>
		new Response(typeof body === 'string' ? body : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json', ...headers }
		});

const SNAPSHOT = { eventId: 'e', seq: 42, incidents: {}, marshals: {} };

describe('fetchSnapshot', () => {
	it('returns the snapshot and the ticket minted with it', async () => {
		const got = await fetchSnapshot('/s', respond(200, { snapshot: SNAPSHOT, ticket: 't1' }));
		expect(got).toEqual({ kind: 'ok', snapshot: SNAPSHOT, ticket: 't1' });
	});

	it.each([
		['the redirect to sign in', respond(303, '', { location: '/signin?next=%2Fcontrol' })],
		['a refusal', respond(403, { message: 'no' })],
		['a lapsed session', respond(401, { message: 'no' })]
	])('treats %s as signed out', async (_name, fetcher) => {
		expect(await fetchSnapshot('/s', fetcher)).toEqual({ kind: 'signed-out' });
	});

	it.each([
		['a server error', respond(503, {})],
		['a malformed body', respond(200, 'not json')],
		['a body without a ticket', respond(200, { snapshot: SNAPSHOT })],
		[
			'a network failure',
			(async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch
		]
	])('tries again later after %s', async (_name, fetcher) => {
		expect((await fetchSnapshot('/s', fetcher)).kind).toBe('error');
	});

	it('sends the session cookie and does not follow a redirect', async () => {
		let seen: RequestInit | undefined;
		const fetcher = (async (_url: string, init?: RequestInit) => {
			seen = init;
			return new Response(JSON.stringify({ snapshot: SNAPSHOT, ticket: 't' }));
		}) as typeof fetch;
		await fetchSnapshot('/s', fetcher);
		expect(seen?.credentials).toBe('same-origin');
		expect(seen?.redirect).toBe('manual');
	});
});
