import type { RequestHandler } from '@sveltejs/kit';
import { clearDeviceCookie } from '$lib/server/http/cookies';
import { NEUTRAL_SITE } from '$lib/client/quick-exit';

/**
 * Quick exit's server half: expires the attendee's device cookie and asks the browser to
 * clear what this origin stored. The page's script calls it with fetch (204); without
 * JavaScript the quick-exit button is a plain form post, answered with a redirect to the
 * neutral site.
 */
export const POST: RequestHandler = ({ cookies, request, url }) => {
	clearDeviceCookie(cookies, url.protocol === 'https:');
	const headers = { 'cache-control': 'no-store', 'clear-site-data': '"cache", "storage"' };
	if (request.headers.get('x-haven-quick-exit') === 'fetch') {
		return new Response(null, { status: 204, headers });
	}
	return new Response(null, { status: 303, headers: { ...headers, location: NEUTRAL_SITE } });
};
