import { resolve } from 'node:path';
import { z } from 'zod';
import { EventId } from '../shared/model';
import {
	boolean,
	DAY_SECONDS,
	fail,
	httpUrl,
	integer,
	origin,
	originList,
	parseUrl,
	retentionSeconds
} from './config-parsers';

/**
 * Haven's whole configuration, read once from the environment at start-up. Every variable is
 * parsed here so a typo fails loudly at boot with one readable message, instead of as a strange
 * behaviour at 11 pm during the parade. Documented for operators in README.md.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type MapSource =
	| { kind: 'style-url'; url: string }
	| { kind: 'pmtiles'; path: string }
	/** Neither configured: the bundled style that draws the event's own geometry on a plain background. */
	| { kind: 'offline' };

export type Config = {
	port: number;
	host: string;
	/** Public URL when behind a proxy; adapter-node reads ORIGIN itself, this copy is for Origin checks. */
	origin: string | undefined;
	/** Absolute path. */
	dataDir: string;
	redisUrl: string | undefined;
	/** Origins allowed to open a socket; empty means "the origin this server is reached at". */
	allowedOrigins: string[];
	map: MapSource;
	/** Absent on SQLite: the app then generates one and keeps it in the data dir. */
	sessionSecret: string | undefined;
	retentionDays: number;
	/**
	 * How long after an escort ends its precise positions and words are kept: the retention
	 * period, unless HAVEN_ESCORT_RETENTION_SECONDS sets it in seconds (tests, short demos).
	 */
	escortRetentionSeconds: number;
	/**
	 * How long after an incident is closed its photo is kept (an upload no report took: a day
	 * at most): the retention period, unless HAVEN_PHOTO_RETENTION_SECONDS sets it in seconds.
	 */
	photoRetentionSeconds: number;
	/** How long a marshal has to accept a job before it escalates back to the control room. */
	jobAcceptSeconds: number;
	/** How long an escort request waits for a marshal before the alarm sounds and the offer widens. */
	escortAcceptSeconds: number;
	logLevel: LogLevel;
	eventId: string;
	demo: boolean;
	demoPassword: string;
	/** Take the client IP from X-Forwarded-For (for rate limits); only safe behind a proxy that sets it. */
	trustProxy: boolean;
};

/** Variables whose values must never be echoed back in an error message (it may end up in logs). */
const SECRET_VARIABLES = new Set(['REDIS_URL', 'HAVEN_SESSION_SECRET', 'HAVEN_DEMO_PASSWORD']);

export class ConfigError extends Error {
	constructor(readonly problems: { variable: string; message: string }[]) {
		super(
			'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')
		);
		this.name = 'ConfigError';
	}
}

const EnvSchema = z.object({
	PORT: integer(1, 65535, 3000),
	HOST: z
		.string()
		.regex(/^\S+$/, 'must be a host name or IP address without spaces')
		.default('0.0.0.0'),
	ORIGIN: origin,
	HAVEN_DATA_DIR: z
		.string()
		.default('./data')
		.transform((p) => resolve(p)),
	REDIS_URL: z
		.string()
		.optional()
		.transform((raw, ctx) => {
			if (raw === undefined) return undefined;
			return parseUrl(raw, ['redis:', 'rediss:'])
				? raw.trim()
				: fail(ctx, 'must be a redis:// or rediss:// URL');
		}),
	HAVEN_ALLOWED_ORIGINS: originList,
	HAVEN_MAP_STYLE_URL: httpUrl,
	HAVEN_PMTILES_PATH: z
		.string()
		.regex(/\.pmtiles$/i, 'must be the path of a .pmtiles file')
		.transform((p) => resolve(p))
		.optional(),
	HAVEN_SESSION_SECRET: z
		.string()
		.min(32, 'must be at least 32 characters (try: openssl rand -base64 48)')
		.optional(),
	HAVEN_RETENTION_DAYS: integer(1, 3650, 30),
	HAVEN_ESCORT_RETENTION_SECONDS: retentionSeconds,
	HAVEN_PHOTO_RETENTION_SECONDS: retentionSeconds,
	HAVEN_JOB_ACCEPT_SECONDS: integer(5, 3600, 60),
	HAVEN_ESCORT_ACCEPT_SECONDS: integer(5, 3600, 60),
	HAVEN_LOG_LEVEL: z
		.string()
		.default('info')
		.transform((raw, ctx) => {
			const level = raw.trim().toLowerCase();
			return (LOG_LEVELS as readonly string[]).includes(level)
				? (level as LogLevel)
				: fail(ctx, `must be one of ${LOG_LEVELS.join(', ')}`);
		}),
	HAVEN_EVENT_ID: z
		.string()
		.default('wellington-pride')
		.transform((raw, ctx) =>
			EventId.safeParse(raw).success
				? raw
				: fail(
						ctx,
						'must be a lower-case slug: a-z, 0-9 and "-", starting with a letter or digit, at most 64 characters'
					)
		),
	HAVEN_DEMO: boolean,
	HAVEN_DEMO_PASSWORD: z
		.string()
		.min(12, 'must be at least 12 characters')
		.default('pride-night-demo'),
	HAVEN_TRUST_PROXY: boolean
});

/**
 * Docker env files and CI systems often set a variable to the empty string to mean "unset";
 * treating it as absent keeps the defaults instead of failing on `PORT=`.
 */
function dropBlank(env: unknown): unknown {
	if (typeof env !== 'object' || env === null) return env;
	return Object.fromEntries(
		Object.entries(env).filter(([, v]) => !(typeof v === 'string' && v.trim() === ''))
	);
}

export const ConfigSchema = z
	.preprocess(dropBlank, EnvSchema)
	.superRefine(
		(env, ctx) => {
			if (env.HAVEN_MAP_STYLE_URL && env.HAVEN_PMTILES_PATH) {
				ctx.addIssue({
					code: 'custom',
					path: ['HAVEN_PMTILES_PATH'],
					message: 'must not be set together with HAVEN_MAP_STYLE_URL; choose one basemap'
				});
			}
			if (env.REDIS_URL && !env.HAVEN_SESSION_SECRET) {
				ctx.addIssue({
					code: 'custom',
					path: ['HAVEN_SESSION_SECRET'],
					message:
						'is required when REDIS_URL is set, because every server process must share it (at least 32 characters)'
				});
			}
		},
		// Report these alongside any single-variable problems, so one restart shows everything.
		{ when: () => true }
	)
	.transform((env): Config => ({
		port: env.PORT,
		host: env.HOST,
		origin: env.ORIGIN,
		dataDir: env.HAVEN_DATA_DIR,
		redisUrl: env.REDIS_URL,
		allowedOrigins: env.HAVEN_ALLOWED_ORIGINS,
		map: env.HAVEN_MAP_STYLE_URL
			? { kind: 'style-url', url: env.HAVEN_MAP_STYLE_URL }
			: env.HAVEN_PMTILES_PATH
				? { kind: 'pmtiles', path: env.HAVEN_PMTILES_PATH }
				: { kind: 'offline' },
		sessionSecret: env.HAVEN_SESSION_SECRET,
		retentionDays: env.HAVEN_RETENTION_DAYS,
		escortRetentionSeconds:
			env.HAVEN_ESCORT_RETENTION_SECONDS ?? env.HAVEN_RETENTION_DAYS * DAY_SECONDS,
		photoRetentionSeconds:
			env.HAVEN_PHOTO_RETENTION_SECONDS ?? env.HAVEN_RETENTION_DAYS * DAY_SECONDS,
		jobAcceptSeconds: env.HAVEN_JOB_ACCEPT_SECONDS,
		escortAcceptSeconds: env.HAVEN_ESCORT_ACCEPT_SECONDS,
		logLevel: env.HAVEN_LOG_LEVEL,
		eventId: env.HAVEN_EVENT_ID,
		demo: env.HAVEN_DEMO,
		demoPassword: env.HAVEN_DEMO_PASSWORD,
		trustProxy: env.HAVEN_TRUST_PROXY
	}));

function describeValue(variable: string, value: string | undefined): string {
	if (value === undefined || value.trim() === '') return '';
	if (SECRET_VARIABLES.has(variable)) return ` (got ${value.length} characters, value hidden)`;
	return ` (got ${JSON.stringify(value)})`;
}

/** Parses the environment; throws ConfigError naming every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const result = ConfigSchema.safeParse(env);
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => {
		const variable = String(issue.path[0] ?? '(environment)');
		return { variable, message: issue.message + describeValue(variable, env[variable]) };
	});
	throw new ConfigError(problems);
}
