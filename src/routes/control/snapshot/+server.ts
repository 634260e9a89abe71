import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';
import { liveData, requireRole } from '$lib/server/http/page-context';

/**
 * The control room's snapshot and realtime ticket, fetched by the page after its first
 * paint: inlined in the HTML, 5,000 incidents made a 2.4 MB page whose parsing and
 * hydration were the load's longest tasks. Guarded exactly as the page is: the signed-in
 * organiser of this session's event, anyone else is sent to sign in (or refused).
 * The ticket is minted with the snapshot, so the socket syncs from the snapshot's seq.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const session = requireRole(locals.session, 'organiser', '/control');
	const app = await getApp();
	return json(await liveData(app, session), { headers: { 'Cache-Control': 'no-store' } });
};
