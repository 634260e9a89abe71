import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The embedded default keeps its signing secret beside its database, so a demo
 * needs no setup and a restart keeps everyone signed in. Scaled deployments
 * must pass HAVEN_SESSION_SECRET (config refuses to start without it).
 */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): string {
	if (configured) return configured;
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'session-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const secret = randomBytes(48).toString('base64url');
	writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
	return secret;
}
