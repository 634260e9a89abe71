import type { Server as HttpServer } from 'node:http';
import type { Ack } from '$lib/shared/protocol';
import type { Config } from './config';
import { createLogger } from './logger';
import { openStore } from './store/open-store';
import type { Store, StoreHealth } from './store/types';
import { EventRuntime } from './services/event-runtime';
import { CommandService } from './services/command-service';
import type { CommandActor } from './services/decisions';
import { IdentityService } from './services/identity-service';
import { loadOrCreateSecret } from './security/secret';
import { seedDemo, type DemoAccess } from './demo/seed';
import { attachRealtime, type RealtimeHandle } from './realtime/attach';
import { createLimiter, PHOTO_LIMITS, type Limiter } from './security/rate-limits';
import { PhotoService } from './services/photo-service';
import { openPresence, type PresenceStore } from './store/presence/open-presence';
import { JobSweeper } from './services/job-sweeper';
import { EscortSweeper } from './services/escort-sweeper';
import { EscortRetention } from './services/escort-retention';
import { PhotoRetention } from './services/photo-retention';
import { forgetPositionsOnShiftEnd } from './realtime/presence';

export type Logger = ReturnType<typeof createLogger>;

/**
 * Everything one server process holds, created once: the store, the journal
 * runtimes, the services and (once attached) the realtime server. SvelteKit's
 * hooks, form actions and the realtime layer all use this same instance.
 */
export type AppContainer = {
	config: Config;
	/** Prefix of every Redis key this app writes (tests run several apps on one Redis). */
	keyPrefix: string;
	logger: Logger;
	store: Store;
	/** Marshal positions: volatile, never journaled (memory when embedded, Redis when scaled). */
	presence: PresenceStore;
	secret: string;
	identity: IdentityService;
	/** Set when the demo was seeded in this process: sign-in and invite links to print. */
	demo: DemoAccess | null;
	/** Sign-in attempts per IP; per process (a password guess needs many processes' worth). */
	signInLimiter: Limiter;
	/** Photos sent with reports: checked, stripped and kept through the store. */
	photos: PhotoService;
	/** Photo uploads per session; per process, like sign-in (a phone talks to one at a time). */
	photoLimiter: Limiter;
	runtime(eventId: string): Promise<EventRuntime>;
	/** Runs a command exactly as a socket would (form actions use this). */
	execute(actor: CommandActor, name: string, payload: unknown): Promise<Ack>;
	attachRealtime(server: HttpServer): RealtimeHandle;
	/** Resolves when no command is in flight (or after `timeoutMs`), for graceful shutdown. */
	drain(timeoutMs: number): Promise<void>;
	health(): Promise<{ ok: boolean; store: StoreHealth; sockets: number }>;
	close(): Promise<void>;
};

export async function createApp(
	config: Config,
	opts: { logger?: Logger; keyPrefix?: string } = {}
): Promise<AppContainer> {
	const logger = opts.logger ?? createLogger(config.logLevel);
	const store = openStore({
		dataDir: config.dataDir,
		redisUrl: config.redisUrl,
		keyPrefix: opts.keyPrefix
	});
	const keyPrefix = opts.keyPrefix ?? 'haven:';
	const presence = openPresence({ redisUrl: config.redisUrl, keyPrefix });
	const secret = loadOrCreateSecret(config.dataDir, config.sessionSecret);

	const runtimes = new Map<string, EventRuntime>();
	const sweepers: { stop(): Promise<void> }[] = [];
	const runtime = async (eventId: string) => {
		let r = runtimes.get(eventId);
		if (!r) {
			runtimes.set(eventId, (r = new EventRuntime(eventId, store)));
			// Every process sweeps every event it holds: the store appends each timeout once.
			// A sweep that fails logs ids only: positions, words and photos never reach the logs.
			const notYet =
				(idKey: 'jobId' | 'escortId' | 'photoId', what: string) => (err: unknown, id: string) =>
					logger.warn(
						{ eventId, [idKey]: id, err: err instanceof Error ? err.message : String(err) },
						what
					);
			sweepers.push(
				new JobSweeper({
					runtime: r,
					store,
					onError: notYet('jobId', 'job timeout not recorded yet')
				}).start(),
				new EscortSweeper({
					runtime: r,
					store,
					positions: () => presence.all(eventId),
					acceptSeconds: config.escortAcceptSeconds,
					onError: notYet('escortId', 'escort timeout not recorded yet')
				}).start(),
				new EscortRetention({
					runtime: r,
					store,
					retentionSeconds: config.escortRetentionSeconds,
					onError: notYet('escortId', 'escort positions not deleted yet')
				}).start(),
				new PhotoRetention({
					runtime: r,
					store,
					retentionSeconds: config.photoRetentionSeconds,
					onError: notYet('photoId', 'photo not deleted yet')
				}).start()
			);
			forgetPositionsOnShiftEnd(r, presence, logger);
		}
		await r.ready;
		return r;
	};

	const commands = new CommandService({
		store,
		settings: {
			jobAcceptSeconds: config.jobAcceptSeconds,
			escortAcceptSeconds: config.escortAcceptSeconds
		},
		runtime,
		positions: (eventId) => presence.all(eventId),
		onError: (err, command) =>
			logger.error(
				{ command, err: err instanceof Error ? err.message : String(err) },
				'command failed'
			)
	});
	const identity = new IdentityService({ store, secret, runtime });
	const realtimes: RealtimeHandle[] = [];
	let inflight = 0;
	const onIdle: (() => void)[] = [];

	const app: AppContainer = {
		config,
		keyPrefix,
		logger,
		store,
		presence,
		secret,
		identity,
		demo: null,
		signInLimiter: createLimiter('signin', { points: 10, durationSeconds: 60 }),
		photos: new PhotoService({ store }),
		photoLimiter: createLimiter('photo', PHOTO_LIMITS.perSession),
		runtime,
		async execute(actor, name, payload) {
			inflight++;
			let ack: Ack;
			try {
				ack = await commands.execute(actor, name, payload);
			} finally {
				if (--inflight === 0) for (const f of onIdle.splice(0)) f();
			}
			if (ack.ok && name === 'device:revoke') {
				// The journal tells every process too; this is the fast path through the adapter.
				const deviceId = (payload as { deviceId: string }).deviceId;
				for (const r of realtimes) r.kick(deviceId);
			}
			return ack;
		},
		attachRealtime(server) {
			const handle = attachRealtime(server, app);
			realtimes.push(handle);
			return handle;
		},
		drain(timeoutMs) {
			if (inflight === 0) return Promise.resolve();
			return new Promise((resolve) => {
				const timer = setTimeout(resolve, timeoutMs);
				onIdle.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		async health() {
			const storeHealth = await store.health();
			const sockets = realtimes.reduce((n, r) => n + r.io.of('/').sockets.size, 0);
			return { ok: storeHealth.ok, store: storeHealth, sockets };
		},
		async close() {
			await Promise.all(sweepers.map((s) => s.stop()));
			for (const r of realtimes) await r.close();
			for (const r of runtimes.values()) r.close();
			await presence.close();
			await store.close();
		}
	};

	await runtime(config.eventId);
	if (config.demo) app.demo = await seedDemo(app);
	return app;
}
