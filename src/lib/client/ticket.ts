export type TicketResult =
	| { kind: 'ok'; ticket: string }
	/** The session is gone (401/403): never try again. */
	| { kind: 'revoked' }
	/** Network or server trouble: try again later. */
	| { kind: 'error'; message: string };

export const DEFAULT_TICKET_URL = '/api/realtime-ticket';

/** Fetches a fresh one-use realtime ticket with the page's session cookie. */
export async function fetchTicket(
	url: string = DEFAULT_TICKET_URL,
	fetcher: typeof fetch = fetch
): Promise<TicketResult> {
	let res: Response;
	try {
		res = await fetcher(url, { credentials: 'same-origin', cache: 'no-store' });
	} catch (err) {
		return { kind: 'error', message: err instanceof Error ? err.message : 'network error' };
	}
	if (res.status === 401 || res.status === 403) return { kind: 'revoked' };
	if (!res.ok) return { kind: 'error', message: `ticket request failed (${res.status})` };
	try {
		const body: unknown = await res.json();
		if (
			typeof body === 'object' &&
			body !== null &&
			'ticket' in body &&
			typeof body.ticket === 'string' &&
			body.ticket.length > 0
		) {
			return { kind: 'ok', ticket: body.ticket };
		}
	} catch {
		// fall through
	}
	return { kind: 'error', message: 'malformed ticket response' };
}
