import { afterAll, beforeAll } from 'vitest';
import { clientPool } from './clients';
import type { Identity } from './identities';
import {
	havenEnv,
	startInProcessServer,
	tempDir,
	uniqueEventId,
	type InProcessServer
} from './servers';

/**
 * One test file's own in-process server (embedded store in a temp dir, realtime attached),
 * started in beforeAll and closed with its clients in afterAll. Call it at the top of the
 * file (its hooks then run before those of the file's describes), or inside one describe.
 */
export function fileServer(label: string) {
	const eventId = uniqueEventId(label);
	const dir = tempDir(label);
	const clients = clientPool();
	let started: InProcessServer | undefined;
	const running = () => {
		if (!started) throw new Error('the file server is read before its beforeAll ran');
		return started;
	};
	/** The running server's app and url; read them only inside hooks and tests. */
	const server = {
		get app() {
			return running().app;
		},
		get url() {
			return running().url;
		}
	};

	beforeAll(async () => {
		started = await startInProcessServer(havenEnv({ eventId, dataDir: dir.path }));
	});

	afterAll(async () => {
		clients.closeAll();
		await started?.close();
		dir.remove();
	});

	return {
		eventId,
		clients,
		server,
		head: () => server.app.store.head(eventId),
		serverState: async () => (await server.app.runtime(eventId)).state,
		connect: (who: Identity) => clients.connect(server.url, who.auth(), { eventId })
	};
}
