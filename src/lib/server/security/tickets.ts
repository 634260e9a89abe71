import { z } from 'zod';
import { hmac, safeEqual } from './tokens';

/**
 * A realtime ticket: a short-lived, signed statement of who a page is, minted by
 * the server for each page load (and on reconnect from /api/realtime-ticket).
 * The cookie stays HttpOnly; the socket handshake carries this in `auth`.
 * For organisers and marshals the session is still looked up on connect, so a
 * revoked phone cannot use a ticket it kept.
 */
export const TicketClaims = z.object({
	sid: z.string().min(1).max(80),
	role: z.enum(['organiser', 'marshal', 'public']),
	eventId: z.string().min(1).max(64),
	subjectId: z.string().max(64).nullable(),
	exp: z.number().int()
});
export type TicketClaims = z.infer<typeof TicketClaims>;

export const TICKET_TTL_MS = 10 * 60 * 1000;

export function signTicket(
	secret: string,
	claims: Omit<TicketClaims, 'exp'>,
	now = Date.now()
): string {
	const body = Buffer.from(JSON.stringify({ ...claims, exp: now + TICKET_TTL_MS })).toString(
		'base64url'
	);
	return `${body}.${hmac(secret, body)}`;
}

export type TicketCheck = { ok: true; claims: TicketClaims } | { ok: false; reason: string };

export function verifyTicket(secret: string, ticket: string, now = Date.now()): TicketCheck {
	const [body, mac, extra] = ticket.split('.');
	if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
	if (!safeEqual(mac, hmac(secret, body))) return { ok: false, reason: 'bad signature' };
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const parsed = TicketClaims.safeParse(json);
	if (!parsed.success) return { ok: false, reason: 'malformed' };
	if (parsed.data.exp < now) return { ok: false, reason: 'expired' };
	return { ok: true, claims: parsed.data };
}
