import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getApp } from '$lib/server/app-global';
import { SESSION_COOKIE } from '$lib/server/http/cookies';
import { gzipHtml } from '$lib/server/http/compress';

/** Creating the app here means importing the built handler creates it: one per process. */
export const init: ServerInit = async () => {
	await getApp();
};

export const handle: Handle = async ({ event, resolve }) => {
	const app = await getApp();
	event.locals.session = await app.identity.sessionForToken(event.cookies.get(SESSION_COOKIE));
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// same-origin, not no-referrer: browsers then send Origin on form posts, which CSRF checks need.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', 'geolocation=(self), camera=(self), microphone=()');
	if (event.locals.session || event.url.pathname.startsWith('/api/')) {
		// Pages with live state or personal data must not be cached by anyone in between.
		response.headers.set('Cache-Control', 'no-store');
	}
	// The attendee page, first load on a congested network: its HTML is gzipped (see gzipHtml
	// for why only pages that reflect no third-party input).
	if (event.route.id === '/' && event.request.method === 'GET') {
		return gzipHtml(event.request, response);
	}
	return response;
};

export const handleError: HandleServerError = async ({ error, status, event }) => {
	// Log the route and the error's message only: never the request body or its query.
	if (status !== 404) {
		const app = await getApp();
		app.logger.error(
			{ route: event.route.id, status, err: error instanceof Error ? error.message : 'unknown' },
			'request failed'
		);
	}
	return { message: status === 404 ? 'Not found.' : 'Something went wrong. Please try again.' };
};
