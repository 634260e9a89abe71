import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'haven_session';
/** An attendee's anonymous device token: a browser-session cookie, gone when the browser closes. */
export const DEVICE_COOKIE = 'haven_device';

const base = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure });

export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: string,
	secure: boolean
) {
	cookies.set(SESSION_COOKIE, token, { ...base(secure), expires: new Date(expiresAt) });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, base(secure));
}

export function setDeviceCookie(cookies: Cookies, token: string, secure: boolean) {
	cookies.set(DEVICE_COOKIE, token, base(secure));
}

/** Quick exit: the attendee's device token goes, so nothing links the next visit to this one. */
export function clearDeviceCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(DEVICE_COOKIE, base(secure));
}
