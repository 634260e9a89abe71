import { z } from 'zod';

/**
 * Parsers for single environment variables, used by the schema in config.ts. Each turns a raw
 * string (or its absence) into a value or one readable message.
 */

type Ctx = z.RefinementCtx;
export const fail = (ctx: Ctx, message: string) => {
	ctx.addIssue({ code: 'custom', message });
	return z.NEVER;
};

export const integer = (min: number, max: number, fallback: number) =>
	z
		.string()
		.optional()
		.transform((raw, ctx) => {
			if (raw === undefined) return fallback;
			const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
			if (!Number.isSafeInteger(n) || n < min || n > max) {
				return fail(ctx, `must be an integer between ${min} and ${max}`);
			}
			return n;
		});

export const DAY_SECONDS = 86_400;

/** A retention period in seconds, overriding HAVEN_RETENTION_DAYS (tests, short demos). */
export const retentionSeconds = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		if (raw === undefined) return undefined;
		const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
		if (!Number.isSafeInteger(n) || n < 1 || n > 3650 * DAY_SECONDS) {
			return fail(ctx, `must be an integer between 1 and ${3650 * DAY_SECONDS}`);
		}
		return n;
	});

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);
export const boolean = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		if (raw === undefined) return false;
		const v = raw.trim().toLowerCase();
		if (TRUE.has(v)) return true;
		if (FALSE.has(v)) return false;
		return fail(ctx, 'must be one of 1, 0, true, false, yes, no');
	});

export function parseUrl(raw: string, protocols: string[]): URL | null {
	try {
		const url = new URL(raw.trim());
		return protocols.includes(url.protocol) ? url : null;
	} catch {
		return null;
	}
}

/** Only scheme, host and port: what a browser sends in its Origin header. */
function parseOrigin(raw: string): string | null {
	const url = parseUrl(raw, ['http:', 'https:']);
	if (!url || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
		return null;
	}
	return url.origin;
}

const ORIGIN_HINT = 'must be an origin like https://haven.example.org (scheme and host, no path)';

export const origin = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		if (raw === undefined) return undefined;
		return parseOrigin(raw) ?? fail(ctx, ORIGIN_HINT);
	});

export const originList = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		const entries = (raw ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const origins: string[] = [];
		for (const entry of entries) {
			const parsed = parseOrigin(entry);
			if (!parsed) return fail(ctx, `"${entry}" ${ORIGIN_HINT}; separate several with commas`);
			origins.push(parsed);
		}
		return [...new Set(origins)];
	});

export const httpUrl = z
	.string()
	.optional()
	.transform((raw, ctx) => {
		if (raw === undefined) return undefined;
		return parseUrl(raw, ['http:', 'https:'])?.href ?? fail(ctx, 'must be an http(s) URL');
	});
