import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';
import { DEVICE_COOKIE, SESSION_COOKIE } from '$lib/server/http/cookies';
import { publicSession } from '$lib/server/http/page-context';

/**
 * A fresh ticket for a reconnecting socket. Signed-in users get one for their
 * session; a revoked or expired phone gets 401, which its app shows as signed
 * out (never a quiet fall-back to a public ticket). `?as=` names the role the
 * page needs, so a page never silently runs as someone else.
 */
export const GET: RequestHandler = async ({ locals, cookies, url }) => {
	const app = await getApp();
	const wanted = url.searchParams.get('as');
	// A signed-in organiser may look at the public page too: it runs as the public.
	let session = wanted === 'public' ? null : locals.session;
	if (!session) {
		if (cookies.get(SESSION_COOKIE) && wanted !== 'public') error(401, 'Signed out.');
		if (!cookies.get(DEVICE_COOKIE) && wanted !== 'public') error(401, 'Not signed in.');
		session = publicSession(app, cookies, url.protocol === 'https:');
	}
	if (wanted && wanted !== session.role) error(401, 'Signed out.');
	const ticket = app.identity.ticketFor({
		sid: session.id,
		role: session.role,
		eventId: session.eventId,
		subjectId: session.subjectId
	});
	return json({ ticket }, { headers: { 'Cache-Control': 'no-store' } });
};
