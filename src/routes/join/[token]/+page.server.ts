import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { setSessionCookie } from '$lib/server/http/cookies';

/** Showing the page does not use the invite: link previews in chat apps fetch it too. */
export const load: PageServerLoad = async ({ params }) => {
	const app = await getApp();
	const invite = await app.identity.peekInvite(params.token);
	return {
		valid: invite !== null,
		marshalName: invite?.marshalName ?? null,
		eventName: invite?.eventName ?? null
	};
};

export const actions: Actions = {
	default: async ({ params, cookies, url }) => {
		const app = await getApp();
		const joined = await app.identity.join(params.token);
		if (!joined) {
			return fail(400, {
				message:
					'This invite link has been used or has expired. Ask the control room for a new one.'
			});
		}
		setSessionCookie(cookies, joined.token, joined.session.expiresAt, url.protocol === 'https:');
		redirect(303, '/marshal');
	}
};
