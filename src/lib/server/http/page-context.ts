import { error, fail, redirect, type Cookies } from '@sveltejs/kit';
import { viewState, type Audience } from '$lib/shared/views';
import type { Ack, AckError } from '$lib/shared/protocol';
import type { EventState } from '$lib/shared/model';
import { randomToken, sha256Hex } from '../security/tokens';
import type { AppContainer } from '../app';
import type { Session } from '../store/types';
import type { CommandActor } from '../services/decisions';
import { DEVICE_COOKIE, setDeviceCookie } from './cookies';

/** What every live page starts from: its audience's snapshot and a realtime ticket. */
export type LiveData = { snapshot: EventState; ticket: string };

export type MapConfigData =
	{ kind: 'style-url'; url: string } | { kind: 'pmtiles'; url: string } | { kind: 'offline' };

export const PMTILES_PATH = '/map/basemap.pmtiles';

export function mapConfigData(app: AppContainer): MapConfigData {
	const map = app.config.map;
	if (map.kind === 'style-url') return { kind: 'style-url', url: map.url };
	if (map.kind === 'pmtiles') return { kind: 'pmtiles', url: PMTILES_PATH };
	return { kind: 'offline' };
}

export async function liveData(app: AppContainer, session: Session): Promise<LiveData> {
	const runtime = await app.runtime(session.eventId);
	const audience: Audience =
		session.role === 'organiser'
			? { role: 'organiser' }
			: session.role === 'marshal'
				? { role: 'marshal', marshalId: session.subjectId ?? '' }
				: { role: 'public', sessionId: session.id };
	return {
		snapshot: viewState(audience, runtime.state),
		ticket: app.identity.ticketFor({
			sid: session.id,
			role: session.role,
			eventId: session.eventId,
			subjectId: session.subjectId
		})
	};
}

const DEVICE_TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/**
 * Attendees have no account and no stored session: a random device token in a
 * browser-session cookie, of which only a hash ever leaves this function.
 */
export function publicSession(app: AppContainer, cookies: Cookies, secure: boolean): Session {
	let token = cookies.get(DEVICE_COOKIE);
	if (!token || !DEVICE_TOKEN.test(token)) {
		token = randomToken();
		setDeviceCookie(cookies, token, secure);
	}
	const now = new Date().toISOString();
	return {
		id: `pub-${sha256Hex(token).slice(0, 32)}`,
		tokenHash: '',
		role: 'public',
		eventId: app.config.eventId,
		subjectId: null,
		createdAt: now,
		expiresAt: now,
		revokedAt: null
	};
}

export function actorOf(session: Session): CommandActor {
	return {
		role: session.role,
		sessionId: session.id,
		subjectId: session.subjectId,
		eventId: session.eventId
	};
}

export function requireRole(session: Session | null, role: Session['role'], next: string): Session {
	if (session?.role === role) return session;
	if (role === 'organiser') redirect(303, `/signin?next=${encodeURIComponent(next)}`);
	error(403, 'This page is for signed-in marshals.');
}

const STATUS: Record<AckError['code'], number> = {
	invalid: 400,
	'unknown-command': 400,
	forbidden: 403,
	'not-found': 404,
	conflict: 409,
	'rate-limited': 429,
	unavailable: 503,
	internal: 500
};

/** Form actions answer with the same typed errors a socket gets. */
export function failFromAck(ack: Ack) {
	if (ack.ok) throw new Error('failFromAck called with a successful ack');
	return fail(STATUS[ack.code], { message: ack.message, code: ack.code, issues: ack.issues ?? [] });
}
