import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import {
	COMMAND_NAMES,
	HandshakeAuth,
	QUERY_NAMES,
	MAX_PACKET_BYTES,
	SyncRequestSchema,
	type Ack,
	type ClientToServerEvents,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from '$lib/shared/protocol';
import { verifyTicket } from '../security/tickets';
import { createLocalFirstLimiter } from '../security/local-first-limiter';
import {
	createLimiter,
	takeBoth,
	COMMAND_LIMITS,
	CONNECT_LIMITS,
	ESCORT_LIMITS,
	type RateLimitRule
} from '../security/rate-limits';
import type { AppContainer } from '../app';
import { Delivery, type HavenSocket } from './delivery';
import { originAllowed } from './origin';
import { PresenceRelay } from './presence';
import { queryHandlers, registerQueries } from './queries';
import { EscortGuard } from './escort-guard';
import { EscortStatusRelay } from './escort-status';

export type RealtimeHandle = {
	io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
	/** Disconnects every socket of a session, on every process (through the adapter). */
	kick(sessionId: string): void;
	close(): Promise<void>;
};

const KNOWN = new Set<string>([...COMMAND_NAMES, ...QUERY_NAMES, 'sync:since', 'presence:update']);

/**
 * The one realtime server, attached by the production entry and by Vite's dev
 * server alike. It authenticates the handshake, routes every command through the
 * command service and delivers the journal to each socket as its audience may see it.
 */
export function attachRealtime(httpServer: HttpServer, app: AppContainer): RealtimeHandle {
	const { config, logger } = app;
	const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(
		httpServer,
		{
			serveClient: false,
			maxHttpBufferSize: MAX_PACKET_BYTES,
			allowRequest: (req, cb) => {
				const allowed = [...config.allowedOrigins, ...(config.origin ? [config.origin] : [])];
				cb(originAllowed(req, allowed) ? null : 'origin not allowed', originAllowed(req, allowed));
			}
		}
	);

	const redisClients: Redis[] = [];
	if (config.redisUrl) {
		const pub = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
		const sub = pub.duplicate();
		for (const c of [pub, sub]) {
			c.on('error', (err) => logger.warn({ err: err.message }, 'realtime redis error'));
			redisClients.push(c);
		}
		// Prefixed like every other key, so two deployments (or test runs) on one Redis never
		// hear each other's broadcasts.
		io.adapter(createAdapter(pub, sub, { key: `${app.keyPrefix}socket.io` }));
	}
	const limiterRedis = redisClients[0];
	const limiter = (name: string, rule: RateLimitRule) =>
		createLimiter(name, rule, limiterRedis, app.keyPrefix);
	// Commands and queries answer from this process's count and charge the shared one behind.
	const commandLimiter = (name: string, rule: RateLimitRule) =>
		createLocalFirstLimiter(name, rule, limiterRedis, app.keyPrefix);
	const perSession = commandLimiter('cmd-session', COMMAND_LIMITS.perSession);
	const perIp = commandLimiter('cmd-ip', COMMAND_LIMITS.perIp);
	const connectPerIp = limiter('connect-ip', CONNECT_LIMITS.perIp);
	const presence = new PresenceRelay({
		presence: app.presence,
		runtime: app.runtime,
		logger,
		broadcast: (ids, batch) => io.local.to(ids).emit('presence:batch', batch)
	});
	const escortGuard = new EscortGuard(app, {
		perDevice: limiter('escort-device', ESCORT_LIMITS.perDevice),
		perIp: limiter('escort-ip', ESCORT_LIMITS.perIp)
	});
	const escortStatus = new EscortStatusRelay(app);
	const queries = queryHandlers(app);

	const ipOf = (socket: HavenSocket) => {
		const forwarded = socket.handshake.headers['x-forwarded-for'];
		if (config.trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0].trim();
		return socket.handshake.address;
	};

	const deliveries = new Map<string, Promise<Delivery>>();
	const socketsByEvent = new Map<string, Set<HavenSocket>>();
	const deliveryFor = (eventId: string) => {
		let d = deliveries.get(eventId);
		if (!d) {
			d = app.runtime(eventId).then(async (runtime) => {
				await runtime.ready;
				const delivery = new Delivery(
					runtime,
					(ids, batch) => io.local.to(ids).emit('journal:batch', batch),
					(err) => logger.warn({ err: errorMessage(err) }, 'journal delivery failed')
				);
				runtime.onEvents((events) => {
					const local = socketsByEvent.get(eventId) ?? new Set();
					for (const e of events) {
						if (e.type !== 'device:revoked') continue;
						for (const s of local) if (s.data.sessionId === e.data.deviceId) revoke(s);
					}
					delivery.pumpAll(local);
				});
				return delivery;
			});
			deliveries.set(eventId, d);
		}
		return d;
	};

	const pumpNow = async (socket: HavenSocket) => {
		try {
			(await deliveryFor(socket.data.eventId)).pump(socket);
		} catch (err) {
			// The round after will bring it; the command itself has succeeded.
			logger.warn({ err: errorMessage(err) }, 'journal delivery failed');
		}
	};

	const revoke = (socket: HavenSocket) => {
		socket.emit('session:revoked', { reason: 'This phone was signed out by the control room.' });
		socket.disconnect(true);
	};

	io.use(async (socket, next) => {
		try {
			if (!(await connectPerIp.take(ipOf(socket)))) return next(new Error('rate-limited'));
			const auth = HandshakeAuth.safeParse(socket.handshake.auth);
			if (!auth.success) return next(new Error('unauthorised'));
			const check = verifyTicket(app.secret, auth.data.ticket);
			if (!check.ok) return next(new Error('unauthorised'));
			const { claims } = check;
			if (claims.role !== 'public') {
				const session = await app.store.findSessionById(claims.sid);
				if (!session || session.eventId !== claims.eventId) return next(new Error('unauthorised'));
				if (!(await app.identity.isLive(session))) return next(new Error('revoked'));
			}
			socket.data = {
				sessionId: claims.sid,
				eventId: claims.eventId,
				role: claims.role,
				subjectId: claims.subjectId
			};
			(socket as HavenSocket & { havenSince?: number }).havenSince = auth.data.since;
			next();
		} catch (err) {
			logger.warn({ err: errorMessage(err) }, 'realtime handshake failed');
			next(new Error('unavailable'));
		}
	});

	io.on('connection', async (socket: HavenSocket) => {
		const { eventId, sessionId } = socket.data;
		socket.join([`event:${eventId}`, `session:${sessionId}`]);
		let local = socketsByEvent.get(eventId);
		if (!local) socketsByEvent.set(eventId, (local = new Set()));
		local.add(socket);
		socket.on('disconnect', () => local.delete(socket));

		const actor = {
			role: socket.data.role,
			sessionId,
			subjectId: socket.data.subjectId,
			eventId
		};
		const ip = ipOf(socket);
		const allowed = () => takeBoth(perSession, sessionId, perIp, ip);

		socket.onAny((name: string, ...args: unknown[]) => {
			if (KNOWN.has(name)) return;
			const ack = args[args.length - 1];
			if (typeof ack === 'function') {
				ack({ ok: false, code: 'unknown-command', message: 'Unknown command.' } satisfies Ack);
			}
		});

		for (const name of COMMAND_NAMES) {
			socket.on(name, async (payload: unknown, ack: unknown) => {
				// Commands must be acknowledged: a packet without an ack callback is malformed.
				if (typeof ack !== 'function') return;
				const reply = ack as (a: Ack) => void;
				if (!(await allowed())) {
					return reply({
						ok: false,
						code: 'rate-limited',
						message: 'Too many requests; slow down.'
					});
				}
				// Only the public may ask (others are refused as forbidden by the service, unlimited).
				const guarded = name === 'escort:request' && actor.role === 'public';
				if (guarded && !(await escortGuard.admit(eventId, sessionId, ip))) {
					return reply({
						ok: false,
						code: 'rate-limited',
						message:
							'Too many requests from this phone or network. If you need help now, go to the nearest safe spot or call emergency services.'
					});
				}
				const result = await app.execute(actor, name, payload);
				// What a phone did itself reaches it before the ack, not with the next round of
				// deliveries: its screen shows the change as the command completes.
				if (result.ok) await pumpNow(socket);
				reply(result);
			});
		}

		presence.attach(socket);
		escortStatus.attach(socket);
		registerQueries(socket, actor, {
			handlers: queries,
			allow: allowed,
			logger
		});

		socket.on('sync:since', async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return;
			const reply = ack as (a: Ack) => void;
			const parsed = SyncRequestSchema.safeParse(payload);
			if (!parsed.success) {
				return reply({ ok: false, code: 'invalid', message: 'sync:since needs { since }.' });
			}
			const delivery = await deliveryFor(eventId);
			delivery.start(socket, parsed.data.since);
			reply({ ok: true, seq: (await app.runtime(eventId)).head });
		});

		try {
			const delivery = await deliveryFor(eventId);
			const since = (socket as HavenSocket & { havenSince?: number }).havenSince ?? 0;
			delivery.start(socket, since);
		} catch (err) {
			logger.error({ err: errorMessage(err) }, 'realtime delivery failed to start');
			socket.disconnect(true);
		}
	});

	return {
		io,
		kick(sessionId) {
			const room = io.in(`session:${sessionId}`);
			room.emit('session:revoked', { reason: 'This phone was signed out by the control room.' });
			room.disconnectSockets(true);
		},
		async close() {
			presence.close();
			escortStatus.close();
			escortGuard.close();
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await Promise.all(redisClients.map((c) => c.quit().catch(() => c.disconnect())));
		}
	};
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
