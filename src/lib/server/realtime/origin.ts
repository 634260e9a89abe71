import type { IncomingMessage } from 'node:http';

/**
 * CORS does not protect WebSockets: a hostile page can open one to us with the
 * visitor's cookies. So the handshake's Origin must be one we serve. With no
 * list configured, that is the origin the server itself is reached at.
 * Clients that send no Origin are not browsers and cannot ride a visitor's session.
 */
export function originAllowed(
	req: Pick<IncomingMessage, 'headers'>,
	allowed: readonly string[]
): boolean {
	const origin = req.headers.origin;
	if (origin === undefined) return true;
	if (allowed.length > 0) return allowed.includes(origin);
	const host = req.headers['x-forwarded-host'] ?? req.headers.host;
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}
