import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the OS CSPRNG, URL-safe: cookie tokens and invite tokens. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as this hash, so a leaked database does not sign anyone in. */
export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

export function hmac(secret: string, data: string): string {
	return createHmac('sha256', secret).update(data).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
	const ab = Buffer.from(a);
	const bb = Buffer.from(b);
	return ab.length === bb.length && timingSafeEqual(ab, bb);
}
