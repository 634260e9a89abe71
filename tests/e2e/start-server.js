// Starts the built Haven server for Playwright on a fresh, throw-away data directory, so every
// run begins from the same demo event and leaves nothing behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/entry/server.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'haven-e2e-'));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
let stopping = false;

const child = spawn(process.execPath, [entry, '--demo'], {
	stdio: 'inherit',
	env: {
		...process.env,
		HAVEN_DATA_DIR: dataDir,
		// Fixed, not inherited: playwright.config.ts expects exactly this address (and zsh sets HOST).
		PORT: process.env.HAVEN_E2E_PORT ?? '4173',
		HOST: '127.0.0.1',
		HAVEN_LOG_LEVEL: process.env.HAVEN_LOG_LEVEL ?? 'warn',
		// Short enough for escort.spec.ts to see "nobody accepted" without a minute's wait,
		// long enough for the organiser to see the request first on a slow machine.
		HAVEN_ESCORT_ACCEPT_SECONDS: '8'
	}
});

child.on('exit', (code, signal) => {
	cleanUp();
	if (!stopping) console.error(`[start-server] server exited (${signal ?? `code ${code}`})`);
	process.exit(stopping ? 0 : (code ?? 1) || 1);
});
child.on('error', (err) => {
	console.error(`[start-server] could not start the server: ${err.message}`);
	cleanUp();
	process.exit(1);
});

// Playwright signals the whole process group; forwarding as well covers a plain `kill <pid>`.
// The exit handler above deletes the directory once the server has let go of its files.
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.on(signal, () => {
		stopping = true;
		child.kill(signal);
		setTimeout(() => child.kill('SIGKILL'), 8_000).unref();
	});
}
