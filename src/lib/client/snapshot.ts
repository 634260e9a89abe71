import type { EventState } from '$lib/shared/model';

export type SnapshotResult =
	| { kind: 'ok'; snapshot: EventState; ticket: string }
	/** Not (or no longer) allowed: the server sent us to sign in, or refused. */
	| { kind: 'signed-out' }
	/** Network or server trouble: try again later. */
	| { kind: 'error'; message: string };

/**
 * Fetches a page's snapshot and the realtime ticket minted with it (the control room's
 * `/control/snapshot`). Redirects are not followed: the endpoint answers a lapsed session
 * with the page's own redirect to sign in, which is a sign-out here, not a snapshot.
 * The body is the server's own view of the event, trusted as the inlined page data was.
 */
export async function fetchSnapshot(
	url: string,
	fetcher: typeof fetch = fetch
): Promise<SnapshotResult> {
	let res: Response;
	try {
		res = await fetcher(url, {
			credentials: 'same-origin',
			cache: 'no-store',
			redirect: 'manual',
			headers: { accept: 'application/json' }
		});
	} catch (err) {
		return { kind: 'error', message: err instanceof Error ? err.message : 'network error' };
	}
	if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
		return { kind: 'signed-out' };
	}
	if (res.status === 401 || res.status === 403) return { kind: 'signed-out' };
	if (!res.ok) return { kind: 'error', message: `snapshot request failed (${res.status})` };
	try {
		const text = await res.text();
		// Parsed here rather than by res.json(), so the parse shows as a measure of its own.
		const parseStart = performance.now();
		const body = JSON.parse(text) as { snapshot?: EventState; ticket?: unknown } | null;
		performance.measure('haven:snapshot-parse', { start: parseStart });
		if (
			body?.snapshot &&
			typeof body.snapshot.seq === 'number' &&
			typeof body.ticket === 'string'
		) {
			return { kind: 'ok', snapshot: body.snapshot, ticket: body.ticket };
		}
	} catch {
		// fall through
	}
	return { kind: 'error', message: 'malformed snapshot response' };
}
