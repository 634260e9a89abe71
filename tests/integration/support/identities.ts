import { randomUUID } from 'node:crypto';
import type { AppContainer } from '$lib/server/app';
import type { CommandActor } from '$lib/server/services/decisions';
import type { Role } from '$lib/shared/model';
import type { HandshakeAuth } from '$lib/shared/protocol';
import { DEMO_PASSWORD } from './servers';

export const DEMO_ORGANISER_EMAIL = 'organiser@example.org';

/** Someone who can open a socket: a session, its actor, and fresh tickets on demand. */
export type Identity = {
	role: Role;
	sessionId: string;
	subjectId: string | null;
	eventId: string;
	/** The actor the server resolves from this session, for app.execute in test set-up. */
	actor: CommandActor;
	ticket(): string;
	auth(since?: number): HandshakeAuth;
};

function identity(
	app: AppContainer,
	role: Role,
	eventId: string,
	sessionId: string,
	subjectId: string | null
): Identity {
	const ticket = () => app.identity.ticketFor({ sid: sessionId, role, eventId, subjectId });
	return {
		role,
		sessionId,
		subjectId,
		eventId,
		actor: { role, sessionId, subjectId, eventId },
		ticket,
		auth: (since = 0) => ({ ticket: ticket(), since })
	};
}

/** A new organiser session for the demo organiser (signs in with the demo password). */
export async function signInOrganiser(app: AppContainer, eventId: string): Promise<Identity> {
	const signedIn = await app.identity.signIn(eventId, DEMO_ORGANISER_EMAIL, DEMO_PASSWORD);
	if (!signedIn) throw new Error('the demo organiser could not sign in: is HAVEN_DEMO=1 set?');
	const { session } = signedIn;
	return identity(app, 'organiser', eventId, session.id, session.subjectId);
}

/** A new phone for a roster marshal: an invite, used at once (enrols the device in the journal). */
export async function joinMarshal(
	app: AppContainer,
	eventId: string,
	marshalId: string
): Promise<Identity> {
	const token = await app.identity.createInvite(eventId, marshalId);
	if (!token) throw new Error(`no marshal ${marshalId} in the roster of ${eventId}`);
	const joined = await app.identity.join(token);
	if (!joined) throw new Error(`the invite for ${marshalId} could not be used`);
	return identity(app, 'marshal', eventId, joined.session.id, marshalId);
}

/** An attendee: public sessions are not stored, any id will do. */
export function publicVisitor(
	app: AppContainer,
	eventId: string,
	sid = `pub-${randomUUID()}`
): Identity {
	return identity(app, 'public', eventId, sid, null);
}
