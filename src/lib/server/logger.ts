import { pino, type DestinationStream, type Logger } from 'pino';
import { LOG_LEVELS, type LogLevel } from './config';

/**
 * Privacy is a feature. People report harassment, injuries and where they are standing; logs
 * are copied to terminals, CI artefacts and log services that nobody audits for personal data.
 * So report text, contact details, precise locations and credentials must never reach a log
 * line, even when someone logs a whole command or journal event while debugging.
 *
 * pino's `redact` is the safety net: any field with one of these names, at the top of a log
 * object or nested up to REDACT_DEPTH levels (arrays included), is replaced by the censor
 * before the line is written. Keep the field names in sync with the journal and protocol
 * schemas in src/lib/shared when they gain free text, contact or location fields.
 *
 * The net does not cover the message string: log ids (eventId, incidentId, commandId, seq),
 * never interpolate people's words or positions into `msg`.
 */
export const REDACTED_FIELDS = [
	// Free text written by people (reports, notes, advisories, escort requests).
	'description',
	'note',
	'notes',
	'text',
	'body',
	// Journal and command payloads carry all of the above: log their type and id instead.
	'data',
	'payload',
	// Contact details and names of attendees and marshals.
	'contact',
	'phone',
	'email',
	'displayName',
	// Precise locations.
	'position',
	'location',
	'coordinates',
	'coords',
	'geometry',
	'lat',
	'lng',
	'lon',
	'latitude',
	'longitude',
	// "Walk with me": where someone is, where they are going, how to find them and the word
	// that proves a marshal is real (decision 10 keeps them out of everything but the journal).
	'pickup',
	'destination',
	'destinationPosition',
	'brief',
	'codeWord',
	'sealed',
	// Credentials.
	'password',
	'demoPassword',
	'secret',
	'sessionSecret',
	'redisUrl',
	'token',
	'ticket',
	'auth',
	'cookie',
	'set-cookie',
	'authorization'
] as const;

export const CENSOR = '[redacted]';

/** pino redact has no recursive wildcard, so each level is spelt out; deeper is unusual in logs. */
const REDACT_DEPTH = 3;

const key = (field: string) => (/^[A-Za-z_$][\w$]*$/.test(field) ? `.${field}` : `["${field}"]`);

export const REDACT_PATHS: string[] = REDACTED_FIELDS.flatMap((field) =>
	Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) =>
		(Array(depth).fill('*').join('.') + key(field)).replace(/^\./, '')
	)
);

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
	const options = {
		level,
		redact: { paths: REDACT_PATHS, censor: CENSOR },
		timestamp: pino.stdTimeFunctions.isoTime
	};
	return destination ? pino(options, destination) : pino(options);
}

/**
 * The process-wide logger, before config is loaded (so it cannot fail on a bad value: config
 * validation reports that properly). Silent under vitest unless asked, to keep test output
 * readable.
 */
function initialLevel(env: Record<string, string | undefined> = process.env): LogLevel {
	const wanted = env.HAVEN_LOG_LEVEL?.trim().toLowerCase();
	if (wanted && (LOG_LEVELS as readonly string[]).includes(wanted)) return wanted as LogLevel;
	return env.VITEST ? 'silent' : 'info';
}

export const logger: Logger = createLogger(initialLevel());
