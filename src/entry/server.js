// Haven's production entry: one HTTP server for SvelteKit's pages and Socket.IO.
// Plain JavaScript so it runs straight from a clean checkout after `vite build`.
//
//   node src/entry/server.js                start the server (configuration from the environment)
//   node src/entry/server.js --demo         seed and start the demo event
//   node src/entry/server.js organiser:create --email a@b.org --name "Sam"
//                                           create an organiser; the password is read from
//                                           HAVEN_ORGANISER_PASSWORD or the first line of stdin
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
if (args.includes('--demo')) process.env.HAVEN_DEMO = '1';
const command = args.find((a) => !a.startsWith('--') && !isFlagValue(a));

/** @param {string} a */
function isFlagValue(a) {
	const i = args.indexOf(a);
	return i > 0 && args[i - 1].startsWith('--') && args[i - 1] !== '--demo';
}

/** @param {string} name */
function flag(name) {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : undefined;
}

// SvelteKit checks the Origin of form posts against the URL it thinks it serves, and
// adapter-node assumes https unless told. Without ORIGIN, tell it per request: this
// server speaks plain http, unless a trusted proxy says the visitor used https.
const PROTOCOL_HEADER = 'x-haven-protocol';
const deriveProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (deriveProtocol) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
const trustProxy = /^(1|true|yes)$/i.test(process.env.HAVEN_TRUST_PROXY ?? '');

// adapter-node refuses bodies over 512 KB by default; a report's photo may be up to 2 MB
// (PHOTO_MAX_BYTES, enforced exactly by its route). Read when the handler is imported.
process.env.BODY_SIZE_LIMIT ??= '3M';

/** @type {import('node:http').RequestListener} */
let handler;
// A variable path: the build output does not exist until `vite build` has run.
const handlerPath = '../../build/handler.js';
try {
	// Importing the handler runs SvelteKit's init hook, which creates the one app container.
	({ handler } = await import(handlerPath));
} catch (e) {
	const err = /** @type {NodeJS.ErrnoException} */ (e);
	if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('build/handler.js')) {
		console.error('Haven is not built yet. Run `npm run build` first (or `npm run demo`).');
	} else {
		console.error(err?.name === 'ConfigError' ? err.message : err);
	}
	process.exit(1);
}

/** @type {import('../lib/server/app').AppContainer} */
const app = await /** @type {Record<symbol, Promise<any>>} */ (/** @type {unknown} */ (globalThis))[
	Symbol.for('haven.app')
];

if (command === 'organiser:create') {
	await createOrganiser();
} else if (command) {
	console.error(`Unknown command "${command}". Commands: organiser:create`);
	process.exit(2);
} else {
	await serve();
}

async function createOrganiser() {
	const email = flag('email');
	const name = flag('name') ?? email;
	if (!email) {
		console.error('Usage: organiser:create --email you@example.org [--name "Your name"]');
		process.exit(2);
	}
	const password =
		process.env.HAVEN_ORGANISER_PASSWORD ?? (await readLine('Password (12+ characters): '));
	try {
		await app.identity.createOrganiser({ email, displayName: name ?? email, password });
		console.log(`Organiser ${email} created. Sign in at /signin.`);
	} catch (err) {
		console.error(`Could not create the organiser: ${err instanceof Error ? err.message : err}`);
		process.exitCode = 1;
	}
	await app.close();
}

/**
 * @param {string} prompt
 * @returns {Promise<string>}
 */
function readLine(prompt) {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
		if (process.stdin.isTTY) process.stderr.write(prompt);
		rl.once('line', (line) => {
			rl.close();
			resolve(line.trim());
		});
		rl.once('close', () => resolve(''));
	});
}

async function serve() {
	const { port, host } = app.config;
	const server = createServer((req, res) => {
		if (deriveProtocol) {
			const forwarded = req.headers['x-forwarded-proto'];
			const https = trustProxy && typeof forwarded === 'string' && forwarded.startsWith('https');
			req.headers[PROTOCOL_HEADER] = https ? 'https' : 'http';
		}
		handler(req, res);
	});
	const realtime = app.attachRealtime(server);
	server.listen(port, host, () => {
		const base = app.config.origin ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
		app.logger.info({ port, host, store: app.store.kind }, 'Haven is listening');
		console.log(`\nHaven is running on ${base}`);
		console.log(`  Public page:   ${base}/`);
		console.log(`  Control room:  ${base}/control`);
		console.log(`  Marshal app:   ${base}/marshal`);
		if (app.demo) {
			console.log(`\nDemo organiser sign-in: ${app.demo.organiserEmail} / ${app.demo.password}`);
			console.log('Marshal invite links (single use, open one on a phone):');
			for (const i of app.demo.invites)
				console.log(`  ${i.displayName.padEnd(18)} ${base}${i.path}`);
		}
		console.log('');
	});

	let stopping = false;
	/** @param {string} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		app.logger.info({ signal }, 'shutting down');
		let step = 'draining commands';
		const hardStop = setTimeout(() => {
			app.logger.error({ signal, step }, 'shutdown did not finish in 15 s; exiting');
			process.exit(1);
		}, 15_000);
		hardStop.unref();
		// Stop taking new connections, let commands already running reach the store, then close it.
		server.close();
		server.closeIdleConnections?.();
		await app.drain(10_000);
		step = 'closing connections';
		// Sockets told to go may not answer their closing handshake (a page busy drawing its
		// map), and a keep-alive connection can outlive close(): either held the server open
		// until the hard stop. Nothing new is taken now; after a second, end what is left.
		const closing = realtime.close();
		setTimeout(() => server.closeAllConnections?.(), 1000).unref();
		await closing;
		step = 'closing the store';
		await app.close();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}
