import { newId } from '$lib/shared/ids';
import type { EventRuntime } from './event-runtime';
import type { Session, Store } from '../store/types';
import { StoreConflictError } from '../store/types';
import { decoyHash, hashPassword, verifyPassword } from '../security/passwords';
import { randomToken, sha256Hex } from '../security/tokens';
import { signTicket } from '../security/tickets';

export const ORGANISER_SESSION_DAYS = 2;
export const MARSHAL_SESSION_DAYS = 3;
export const INVITE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type IdentityDeps = {
	store: Store;
	secret: string;
	runtime: (eventId: string) => Promise<EventRuntime>;
	now?: () => Date;
};

export type NewSession = { session: Session; token: string };

/** Sign-in, invites, device sessions and realtime tickets. Tokens are stored only hashed. */
export class IdentityService {
	readonly #now: () => Date;

	constructor(private readonly deps: IdentityDeps) {
		this.#now = deps.now ?? (() => new Date());
	}

	async createOrganiser(input: {
		email: string;
		displayName: string;
		password: string;
	}): Promise<{ id: string }> {
		if (input.password.length < 12) throw new Error('Passwords need at least 12 characters.');
		const id = newId();
		await this.deps.store.createOrganiser({
			id,
			email: input.email.trim().toLowerCase(),
			displayName: input.displayName.trim(),
			passwordHash: await hashPassword(input.password),
			createdAt: this.#now().toISOString()
		});
		return { id };
	}

	/** Creates the organiser unless that email exists; for seeding. */
	async ensureOrganiser(input: { email: string; displayName: string; password: string }) {
		if (await this.deps.store.findOrganiserByEmail(input.email)) return;
		try {
			await this.createOrganiser(input);
		} catch (err) {
			// Another process seeding at the same moment created it first: that is fine.
			if (!(err instanceof StoreConflictError)) throw err;
		}
	}

	/** Null for a wrong email or password alike, in the same time, so neither is revealed. */
	async signIn(eventId: string, email: string, password: string): Promise<NewSession | null> {
		const organiser = await this.deps.store.findOrganiserByEmail(email.trim().toLowerCase());
		const valid = await verifyPassword(password, organiser?.passwordHash ?? (await decoyHash()));
		if (!organiser || !valid) return null;
		return this.#newSession('organiser', eventId, organiser.id, ORGANISER_SESSION_DAYS);
	}

	async #newSession(
		role: Session['role'],
		eventId: string,
		subjectId: string | null,
		days: number
	): Promise<NewSession> {
		const token = randomToken();
		const now = this.#now();
		const session: Session = {
			id: newId(),
			tokenHash: sha256Hex(token),
			role,
			eventId,
			subjectId,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
			revokedAt: null
		};
		await this.deps.store.createSession(session);
		return { session, token };
	}

	/** The live session behind a cookie token, or null if unknown, expired or revoked. */
	async sessionForToken(token: string | undefined): Promise<Session | null> {
		if (!token || token.length > 200) return null;
		const session = await this.deps.store.findSessionByTokenHash(sha256Hex(token));
		return (await this.isLive(session)) ? session : null;
	}

	/**
	 * Live means not revoked, not expired, and for a marshal's phone still enrolled in
	 * the journal, which is what every process agrees on.
	 */
	async isLive(session: Session | null): Promise<boolean> {
		if (!session || session.revokedAt) return false;
		if (Date.parse(session.expiresAt) <= this.#now().getTime()) return false;
		if (session.role !== 'marshal') return true;
		const runtime = await this.deps.runtime(session.eventId);
		await runtime.ready;
		const enrolled = () => {
			const marshal = session.subjectId ? runtime.state.marshals[session.subjectId] : undefined;
			return !!marshal?.devices.includes(session.id);
		};
		if (enrolled()) return true;
		// A phone that just joined through another process may be faster than this
		// process's tail of the journal: catch up before calling it signed out.
		const head = await this.deps.store.head(session.eventId);
		if (head > runtime.head) await runtime.waitFor(head, 2000).catch(() => undefined);
		return enrolled();
	}

	async signOut(session: Session): Promise<void> {
		await this.deps.store.revokeSession(session.id, this.#now().toISOString());
	}

	/** A single-use invite for a marshal in the roster; returns the token for the link. */
	async createInvite(eventId: string, marshalId: string): Promise<string | null> {
		const runtime = await this.deps.runtime(eventId);
		await runtime.ready;
		if (!runtime.state.marshals[marshalId]) return null;
		const token = randomToken();
		const now = this.#now();
		await this.deps.store.createInvite({
			tokenHash: sha256Hex(token),
			eventId,
			marshalId,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + INVITE_DAYS * DAY_MS).toISOString(),
			usedAt: null
		});
		return token;
	}

	/** Who an invite is for, without using it (link previews must not burn invites). */
	async peekInvite(token: string): Promise<{ marshalName: string; eventName: string } | null> {
		if (token.length > 200) return null;
		const invite = await this.deps.store.findInvite(sha256Hex(token));
		if (!invite || invite.usedAt || Date.parse(invite.expiresAt) <= this.#now().getTime()) {
			return null;
		}
		const runtime = await this.deps.runtime(invite.eventId);
		await runtime.ready;
		const marshal = runtime.state.marshals[invite.marshalId];
		if (!marshal) return null;
		return { marshalName: marshal.displayName, eventName: runtime.state.info?.name ?? '' };
	}

	/** Uses the invite: a new phone session for that marshal, enrolled in the journal. */
	async join(token: string): Promise<NewSession | null> {
		if (token.length > 200) return null;
		const invite = await this.deps.store.consumeInvite(sha256Hex(token), this.#now().toISOString());
		if (!invite) return null;
		const created = await this.#newSession(
			'marshal',
			invite.eventId,
			invite.marshalId,
			MARSHAL_SESSION_DAYS
		);
		const runtime = await this.deps.runtime(invite.eventId);
		const commandId = newId();
		const result = await this.deps.store.append({
			eventId: invite.eventId,
			commandId,
			expectedSeq: null,
			events: [
				{
					id: commandId,
					type: 'device:enrolled',
					at: this.#now().toISOString(),
					actor: { role: 'marshal', id: invite.marshalId },
					data: { deviceId: created.session.id, marshalId: invite.marshalId }
				}
			]
		});
		if (result.status !== 'conflict') await runtime.waitFor(result.seqs[0]);
		return created;
	}

	ticketFor(claims: {
		sid: string;
		role: Session['role'];
		eventId: string;
		subjectId: string | null;
	}) {
		return signTicket(this.deps.secret, claims);
	}
}
