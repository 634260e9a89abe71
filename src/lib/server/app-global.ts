import { loadConfig } from './config';
import { createApp, type AppContainer } from './app';

/**
 * One process, one app container. adapter-node's build bundles its own copy of
 * $lib/server, and Vite's dev server loads modules through its own graph, so a
 * module-level singleton could exist twice. A global symbol cannot.
 */
const KEY = Symbol.for('haven.app');

type Holder = { [KEY]?: Promise<AppContainer> };

export function getApp(): Promise<AppContainer> {
	const g = globalThis as Holder;
	return (g[KEY] ??= createApp(loadConfig(process.env)));
}
