import { isAbsolute, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const SECRET = 's'.repeat(32);

function problemsOf(env: Record<string, string>): ConfigError {
	try {
		loadConfig(env);
	} catch (err) {
		if (err instanceof ConfigError) return err;
		throw err;
	}
	throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
	it('uses safe defaults for an empty environment', () => {
		expect(loadConfig({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			origin: undefined,
			dataDir: resolve('./data'),
			redisUrl: undefined,
			allowedOrigins: [],
			map: { kind: 'offline' },
			sessionSecret: undefined,
			retentionDays: 30,
			escortRetentionSeconds: 30 * 86_400,
			photoRetentionSeconds: 30 * 86_400,
			jobAcceptSeconds: 60,
			escortAcceptSeconds: 60,
			logLevel: 'info',
			eventId: 'wellington-pride',
			demo: false,
			demoPassword: 'pride-night-demo',
			trustProxy: false
		});
	});

	it('reads every variable into camelCase fields', () => {
		const config = loadConfig({
			PORT: '8080',
			HOST: '127.0.0.1',
			ORIGIN: 'https://haven.example.org/',
			HAVEN_DATA_DIR: 'var/haven',
			REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
			HAVEN_ALLOWED_ORIGINS:
				' https://a.example.org , http://localhost:5173/,https://a.example.org',
			HAVEN_MAP_STYLE_URL: 'https://tiles.example.org/style.json',
			HAVEN_SESSION_SECRET: SECRET,
			HAVEN_RETENTION_DAYS: '3650',
			HAVEN_JOB_ACCEPT_SECONDS: '90',
			HAVEN_LOG_LEVEL: 'DEBUG',
			HAVEN_EVENT_ID: 'auckland-pride-2026',
			HAVEN_DEMO: 'yes',
			HAVEN_DEMO_PASSWORD: 'twelve-chars',
			HAVEN_TRUST_PROXY: 'TRUE',
			UNRELATED: 'ignored'
		});
		expect(config).toEqual({
			port: 8080,
			host: '127.0.0.1',
			origin: 'https://haven.example.org',
			dataDir: resolve('var/haven'),
			redisUrl: 'rediss://:pw@redis.internal:6380/2',
			allowedOrigins: ['https://a.example.org', 'http://localhost:5173'],
			map: { kind: 'style-url', url: 'https://tiles.example.org/style.json' },
			sessionSecret: SECRET,
			retentionDays: 3650,
			escortRetentionSeconds: 3650 * 86_400,
			photoRetentionSeconds: 3650 * 86_400,
			jobAcceptSeconds: 90,
			escortAcceptSeconds: 60,
			logLevel: 'debug',
			eventId: 'auckland-pride-2026',
			demo: true,
			demoPassword: 'twelve-chars',
			trustProxy: true
		});
		expect(isAbsolute(config.dataDir)).toBe(true);
	});

	it.each([
		['1', true],
		['true', true],
		['yes', true],
		['Yes', true],
		['0', false],
		['false', false],
		['no', false]
	])('reads boolean %j as %s', (raw, expected) => {
		const config = loadConfig({ HAVEN_DEMO: raw, HAVEN_TRUST_PROXY: raw });
		expect(config.demo).toBe(expected);
		expect(config.trustProxy).toBe(expected);
	});

	it('serves a self-hosted PMTiles basemap, as an absolute path', () => {
		expect(loadConfig({ HAVEN_PMTILES_PATH: 'maps/wellington.pmtiles' }).map).toEqual({
			kind: 'pmtiles',
			path: resolve('maps/wellington.pmtiles')
		});
	});

	it('treats blank variables as unset, as env files often do', () => {
		const config = loadConfig({ PORT: '', REDIS_URL: '  ', HAVEN_ALLOWED_ORIGINS: '' });
		expect(config.port).toBe(3000);
		expect(config.redisUrl).toBeUndefined();
		expect(config.allowedOrigins).toEqual([]);
	});

	it('accepts Redis with a shared session secret', () => {
		const config = loadConfig({
			REDIS_URL: 'redis://127.0.0.1:6379',
			HAVEN_SESSION_SECRET: SECRET
		});
		expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
		expect(config.sessionSecret).toBe(SECRET);
	});

	it('formats the message one variable per line', () => {
		expect(problemsOf({ PORT: 'abc' }).message).toBe(
			'Invalid configuration:\n  PORT: must be an integer between 1 and 65535 (got "abc")'
		);
	});

	it.each([
		[{ PORT: '0' }, 'PORT', 'between 1 and 65535'],
		[{ PORT: '65536' }, 'PORT', 'between 1 and 65535'],
		[{ PORT: '80.5' }, 'PORT', 'integer'],
		[{ HOST: 'my host' }, 'HOST', 'without spaces'],
		[{ ORIGIN: 'haven.example.org' }, 'ORIGIN', 'must be an origin'],
		[{ ORIGIN: 'https://haven.example.org/app' }, 'ORIGIN', 'no path'],
		[{ REDIS_URL: 'http://redis:6379', HAVEN_SESSION_SECRET: SECRET }, 'REDIS_URL', 'redis://'],
		[
			{ HAVEN_ALLOWED_ORIGINS: 'https://ok.example, ftp://bad' },
			'HAVEN_ALLOWED_ORIGINS',
			'ftp://bad'
		],
		[{ HAVEN_MAP_STYLE_URL: 'file:///etc/passwd' }, 'HAVEN_MAP_STYLE_URL', 'http(s) URL'],
		[{ HAVEN_PMTILES_PATH: 'tiles.mbtiles' }, 'HAVEN_PMTILES_PATH', '.pmtiles'],
		[
			{ HAVEN_PMTILES_PATH: 'a.pmtiles', HAVEN_MAP_STYLE_URL: 'https://x.example/style.json' },
			'HAVEN_PMTILES_PATH',
			'HAVEN_MAP_STYLE_URL'
		],
		[{ HAVEN_SESSION_SECRET: 'short' }, 'HAVEN_SESSION_SECRET', '32 characters'],
		[{ REDIS_URL: 'redis://localhost' }, 'HAVEN_SESSION_SECRET', 'required when REDIS_URL'],
		[{ HAVEN_RETENTION_DAYS: '0' }, 'HAVEN_RETENTION_DAYS', 'between 1 and 3650'],
		[{ HAVEN_RETENTION_DAYS: '3651' }, 'HAVEN_RETENTION_DAYS', 'between 1 and 3650'],
		[{ HAVEN_ESCORT_RETENTION_SECONDS: '0' }, 'HAVEN_ESCORT_RETENTION_SECONDS', 'between 1 and'],
		[{ HAVEN_ESCORT_RETENTION_SECONDS: '5s' }, 'HAVEN_ESCORT_RETENTION_SECONDS', 'integer'],
		[{ HAVEN_PHOTO_RETENTION_SECONDS: '0' }, 'HAVEN_PHOTO_RETENTION_SECONDS', 'between 1 and'],
		[{ HAVEN_PHOTO_RETENTION_SECONDS: '2 days' }, 'HAVEN_PHOTO_RETENTION_SECONDS', 'integer'],
		[{ HAVEN_JOB_ACCEPT_SECONDS: '2' }, 'HAVEN_JOB_ACCEPT_SECONDS', 'between 5 and 3600'],
		[{ HAVEN_LOG_LEVEL: 'verbose' }, 'HAVEN_LOG_LEVEL', 'fatal, error, warn, info'],
		[{ HAVEN_EVENT_ID: 'Wellington Pride' }, 'HAVEN_EVENT_ID', 'lower-case slug'],
		[{ HAVEN_DEMO: 'maybe' }, 'HAVEN_DEMO', '1, 0, true, false, yes, no'],
		[{ HAVEN_DEMO_PASSWORD: 'short' }, 'HAVEN_DEMO_PASSWORD', '12 characters'],
		[{ HAVEN_TRUST_PROXY: 'on' }, 'HAVEN_TRUST_PROXY', 'yes, no']
	])('rejects %j, naming %s', (env, variable, why) => {
		const error = problemsOf(env);
		expect(error.problems.map((p) => p.variable)).toEqual([variable]);
		expect(error.message).toContain(`\n  ${variable}: `);
		expect(error.message).toContain(why);
	});

	it('keeps escort positions for the retention period, or for the seconds override', () => {
		expect(loadConfig({ HAVEN_RETENTION_DAYS: '2' }).escortRetentionSeconds).toBe(172_800);
		expect(
			loadConfig({ HAVEN_RETENTION_DAYS: '2', HAVEN_ESCORT_RETENTION_SECONDS: ' 5 ' })
				.escortRetentionSeconds
		).toBe(5);
	});

	it('keeps report photos for the retention period, or for their own seconds override', () => {
		expect(loadConfig({ HAVEN_RETENTION_DAYS: '2' }).photoRetentionSeconds).toBe(172_800);
		const config = loadConfig({ HAVEN_RETENTION_DAYS: '2', HAVEN_PHOTO_RETENTION_SECONDS: '7' });
		expect(config.photoRetentionSeconds).toBe(7);
		expect(config.escortRetentionSeconds).toBe(172_800);
	});

	it('reports every bad variable at once', () => {
		const error = problemsOf({
			PORT: 'abc',
			HAVEN_LOG_LEVEL: 'loud',
			REDIS_URL: 'redis://localhost'
		});
		expect(error.problems.map((p) => p.variable).sort()).toEqual([
			'HAVEN_LOG_LEVEL',
			'HAVEN_SESSION_SECRET',
			'PORT'
		]);
		expect(error.name).toBe('ConfigError');
		expect(error).toBeInstanceOf(Error);
	});

	it('never echoes secrets back in the message', () => {
		const error = problemsOf({
			REDIS_URL: 'http://:hunter2hunter2@redis',
			HAVEN_SESSION_SECRET: 'not-long-enough-secret',
			HAVEN_DEMO_PASSWORD: 'tiny-pass'
		});
		expect(error.problems).toHaveLength(3);
		for (const secret of ['hunter2hunter2', 'not-long-enough-secret', 'tiny-pass']) {
			expect(error.message).not.toContain(secret);
		}
		expect(error.message).toContain('value hidden');
	});
});
