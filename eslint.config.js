import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/*
 * Layer rules. Haven's folders are layers (see docs/ARCHITECTURE.md, "Suggested layout"):
 * shared code runs everywhere, server code never reaches the browser, components only take
 * props and call callbacks. The rules below make a wrong import fail lint with a message that
 * says what to do instead.
 *
 * Two details shape the code:
 * - A later config object's `no-restricted-imports` replaces an earlier one's for the same file
 *   (rule options are not merged), so every layer lists its complete set of restrictions.
 * - `$lib/server/x` and `../server/x` reach the same file. To catch the relative spelling too,
 *   each layer gets one config object per folder depth, knowing how many `../` leave the layer.
 */

const MAX_DEPTH = 5;
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names) => `(${names.map(esc).join('|')})`;

const MSG = {
	sharedOnly:
		'src/lib/shared runs on the server and in the browser alike, so it imports only zod, uuid ' +
		"and other shared files by relative path (e.g. './geo'). Pass what you need in as plain " +
		'arguments, or move technology-specific code to src/lib/server or src/lib/client.',
	sharedEscape:
		'This relative import leaves src/lib/shared. Shared code must not depend on server, ' +
		'client, map or component code: move the piece you need into src/lib/shared, or pass it ' +
		'in as an argument.',
	serviceTech:
		'Services hold business rules only, never technology: depend on the store interface ' +
		'(src/lib/server/store/types.ts) or a publisher function passed in, and keep socket.io, ' +
		'ioredis and better-sqlite3 code in src/lib/server/store/ or src/lib/server/realtime/.',
	serverToBrowser:
		'Server code must not import browser code ($lib/client, $lib/map, $lib/components). Move ' +
		'what both sides need into $lib/shared.',
	browserToServer:
		'$lib/server is server-only (secrets, storage, sockets) and must not reach the browser. ' +
		'Get data through a +page.server.ts load or the realtime protocol ($lib/client); shared ' +
		'types and schemas live in $lib/shared.',
	browserNode:
		'Node built-ins do not exist in the browser. Use a web API instead (fetch, URL, ' +
		'crypto.subtle, TextEncoder), or move this code to src/lib/server.',
	browserServerPkg:
		'ioredis, better-sqlite3 and socket.io (the server package) run only on the server. In ' +
		'the browser use socket.io-client through src/lib/client; storage lives in ' +
		'src/lib/server/store/.',
	componentsPure:
		'Components take props in and send callbacks out; they never own a socket or client ' +
		'state. Let the page in src/routes read $lib/client state and pass it down as props, and ' +
		'handle the callbacks there.'
};

/** A package and its subpaths: `^(a|b)(/.*)?$`. */
const packages = (names) => `^${anyOf(names)}(/.*)?$`;

/** A folder of src/lib, spelt `$lib/x` or as a relative path climbing `up` levels to src/lib. */
const libDirs = (dirs, up) => `^(\\$lib/|(\\.\\./){${up}})${anyOf(dirs)}(/|$)`;

const nodeBuiltins = `^(node:.*|${anyOf(builtinModules.filter((m) => !m.startsWith('_')))}(/.*)?)$`;

const layers = [
	{
		root: 'shared',
		patterns: (up) => [
			{ regex: `^(?!(zod|uuid)(/|$)|\\.)`, message: MSG.sharedOnly },
			{ regex: `^(\\.\\./){${up}}`, message: MSG.sharedEscape }
		]
	},
	{
		root: 'server',
		patterns: (up) => [
			{ regex: libDirs(['client', 'map', 'components'], up), message: MSG.serverToBrowser }
		]
	},
	{
		root: 'server/services',
		patterns: (up) => [
			{ regex: libDirs(['client', 'map', 'components'], up), message: MSG.serverToBrowser },
			{
				regex: packages(['socket.io', 'socket.io-client', 'ioredis', 'better-sqlite3']),
				message: MSG.serviceTech
			},
			{ regex: '^@socket\\.io/', message: MSG.serviceTech }
		]
	},
	...['client', 'map'].map((root) => ({ root, patterns: browserPatterns })),
	{
		root: 'components',
		patterns: (up) => [
			...browserPatterns(up),
			{ regex: packages(['socket.io-client']), message: MSG.componentsPure },
			{ regex: libDirs(['client'], up), message: MSG.componentsPure }
		]
	}
];

function browserPatterns(up) {
	return [
		{ regex: libDirs(['server'], up), message: MSG.browserToServer },
		{ regex: nodeBuiltins, message: MSG.browserNode },
		{ regex: packages(['ioredis', 'better-sqlite3', 'socket.io']), message: MSG.browserServerPkg },
		{ regex: '^@socket\\.io/', message: MSG.browserServerPkg }
	];
}

/** One config object per depth: `src/lib/<root>/*`, `src/lib/<root>/*\/*`, ... */
function layerConfigs({ root, patterns }) {
	const rootDepth = root.split('/').length;
	const configs = [];
	for (let depth = 0; depth <= MAX_DEPTH; depth++) {
		configs.push({
			name: `haven/layers/${root}/depth-${depth}`,
			files: [
				`src/lib/${root}/${Array(depth + 1)
					.fill('*')
					.join('/')}`
			],
			rules: { 'no-restricted-imports': ['error', { patterns: patterns(rootDepth + depth) }] }
		});
	}
	return configs;
}

export default defineConfig(
	globalIgnores([
		'build/',
		'.svelte-kit/',
		'node_modules/',
		'data/',
		'test-results/',
		'playwright-report/',
		'coverage/'
	]),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: { extraFileExtensions: ['.svelte'] }
		},
		rules: {
			// TypeScript and svelte-check already catch undefined names, with type knowledge
			// (typescript-eslint advises turning this off; it misfires on type-only globals).
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrorsIgnorePattern: '^_',
					destructuredArrayIgnorePattern: '^_'
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { parser: ts.parser, svelteConfig }
		}
	},
	...layers.flatMap(layerConfigs),
	// Last, so formatting is prettier's job alone.
	prettier,
	svelte.configs.prettier
);
