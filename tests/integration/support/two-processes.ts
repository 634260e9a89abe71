import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import type { AppContainer } from '$lib/server/app';
import type { EventState } from '$lib/shared/model';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { clientPool } from './clients';
import { publicVisitor, type Identity } from './identities';
import { sleep } from './presence';
import { deleteRedisKeys, havenEnv, tempDir, testApp, uniqueEventId, type Env } from './servers';

/**
 * One test file's demo event on two real server processes sharing the real Redis (keys
 * under the file's own prefix, deleted afterwards), with an app container in the test
 * process reading the same journal. `started` is filled in beforeAll.
 */
export function twoProcessEvent(label: string, extraEnv: Env = {}) {
	const redisUrl = inject('redisUrl');
	const keyPrefix = `test:${label}:${randomUUID()}:`;
	const eventId = uniqueEventId(label);
	const dir = tempDir(label);
	const env = {
		...havenEnv({ eventId, dataDir: dir.path, redis: { url: redisUrl, keyPrefix } }),
		...extraEnv
	};
	const clients = clientPool();
	const started = {} as { app: AppContainer; a: ServerProcess; b: ServerProcess };

	beforeAll(async () => {
		started.app = await testApp(env);
		[started.a, started.b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
	});
	afterAll(async () => {
		clients.closeAll();
		await Promise.all([started.a?.stop(), started.b?.stop()]);
		await started.app?.close();
		await deleteRedisKeys(redisUrl, keyPrefix);
		dir.remove();
	});

	const state = async () => (await started.app.runtime(eventId)).state;
	/** Polls this test's own copy of the journal (fed from Redis) until `probe` holds. */
	async function untilState(probe: (s: EventState) => unknown, what: string, timeoutMs = 15_000) {
		const deadline = Date.now() + timeoutMs;
		while (!probe(await state())) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await sleep(50);
		}
	}
	const visitorOn = async (p: ServerProcess) => {
		const who: Identity = publicVisitor(started.app, eventId);
		return { who, client: await clients.connect(p.url, who.auth(), { eventId }) };
	};

	return { eventId, clients, started, state, untilState, visitorOn };
}
