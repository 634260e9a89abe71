import type { TestProject } from 'vitest/node';
import { startRedisServer } from './redis-server';

declare module 'vitest' {
	export interface ProvidedContext {
		redisUrl: string;
	}
}

/** One Redis for the whole run (or the one REDIS_URL names); tests keep apart by key prefix. */
export default async function setup(project: TestProject) {
	const given = process.env.REDIS_URL;
	if (given) {
		project.provide('redisUrl', given);
		return;
	}
	const server = await startRedisServer();
	project.provide('redisUrl', server.url);
	return async () => {
		await server.stop();
	};
}
