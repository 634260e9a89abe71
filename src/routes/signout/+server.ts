import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';
import { clearSessionCookie } from '$lib/server/http/cookies';

/** POST only (SvelteKit checks the Origin of form posts), so a link cannot sign anyone out. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	const app = await getApp();
	if (locals.session) await app.identity.signOut(locals.session);
	clearSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/');
};
