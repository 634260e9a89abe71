import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { setSessionCookie } from '$lib/server/http/cookies';

/** Only same-site paths: `next` must never send a signed-in organiser elsewhere. */
function safeNext(next: unknown): string {
	return typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/control';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.session?.role === 'organiser') redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

const SignIn = z.object({
	email: z.string().trim().min(3).max(254),
	password: z.string().min(1).max(200),
	next: z.string().max(200).optional()
});

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const app = await getApp();
		const form = Object.fromEntries(await request.formData());
		const parsed = SignIn.safeParse(form);
		const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
		if (!parsed.success) return fail(400, { email, message: 'Enter your email and password.' });
		if (!(await app.signInLimiter.take(getClientAddress()))) {
			return fail(429, { email, message: 'Too many attempts. Wait a minute and try again.' });
		}
		const signedIn = await app.identity.signIn(
			app.config.eventId,
			parsed.data.email,
			parsed.data.password
		);
		if (!signedIn) return fail(400, { email, message: 'That email and password do not match.' });
		setSessionCookie(
			cookies,
			signedIn.token,
			signedIn.session.expiresAt,
			url.protocol === 'https:'
		);
		redirect(303, safeNext(parsed.data.next));
	}
};
