/**
 * The floor: a bare Socket.IO server with the Redis adapter, no Haven code at all. It takes
 * the same messages Haven does (shift start and reports with an ack, volatile positions)
 * and broadcasts each report to the 'control' room, shaped like Haven's journal batch so
 * the bytes on the wire match. Started twice on one Redis by tests/bench/run.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { serve } from './ipc';
import type { ReportPayload } from './messages';

const redisUrl = process.env.REDIS_URL;
const channel = process.env.BENCH_BARE_CHANNEL;
if (!redisUrl || !channel) throw new Error('bare-server needs REDIS_URL and BENCH_BARE_CHANNEL');
const presence = process.env.BENCH_BARE_PRESENCE === '1';

type Position = { marshalId: string; position: unknown; accuracy: unknown; at: unknown };
type Ack = (a: { ok: true; seq: number }) => void;

const http = createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
// Haven's packet cap, so both servers parse under the same limit.
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
const pub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
const sub = pub.duplicate();
for (const c of [pub, sub]) c.on('error', (err) => process.stderr.write(`redis: ${err.message}\n`));
io.adapter(createAdapter(pub, sub, { key: channel }));

let seq = 0;
const positions = new Map<string, Position>();

io.use((socket, next) => {
	const auth = socket.handshake.auth as { role?: unknown; id?: unknown };
	if ((auth.role !== 'control' && auth.role !== 'marshal') || typeof auth.id !== 'string') {
		return next(new Error('unauthorised'));
	}
	socket.data = { role: auth.role, id: auth.id };
	next();
});

io.on('connection', (socket) => {
	const { role, id } = socket.data as { role: 'control' | 'marshal'; id: string };
	// Haven opens every connection with a (possibly empty) batch: so does the floor.
	socket.emit('journal:batch', { prev: seq, events: [] });
	if (role === 'control') {
		void socket.join('control');
		return;
	}
	socket.on('marshal:start-shift', (_payload: unknown, ack: unknown) => {
		if (typeof ack === 'function') (ack as Ack)({ ok: true, seq: ++seq });
	});
	socket.on('presence:update', (u: Partial<Position>) => {
		if (u && typeof u === 'object') {
			positions.set(id, { marshalId: id, position: u.position, accuracy: u.accuracy, at: u.at });
		}
	});
	socket.on('incident:report', (p: ReportPayload, ack: unknown) => {
		if (typeof ack !== 'function' || !p || typeof p !== 'object') return;
		const event = {
			seq: ++seq,
			id: p.commandId,
			type: 'incident:reported',
			at: new Date().toISOString(),
			actor: { role: 'marshal', id },
			data: {
				incidentId: p.incidentId,
				category: p.category,
				severity: p.severity,
				onBehalf: p.onBehalf,
				sectorId: 'sector-cuba',
				position: p.position,
				description: p.description
			}
		};
		io.to('control').emit('journal:batch', { prev: event.seq - 1, events: [event] });
		(ack as Ack)({ ok: true, seq: event.seq });
	});
});

// Like Haven's presence design: every known position, to control rooms, once a second.
const presenceTimer = presence
	? setInterval(() => {
			if (positions.size)
				io.to('control').emit('presence:batch', { positions: [...positions.values()] });
		}, 1000)
	: undefined;

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const { port } = http.address() as AddressInfo;

serve({ ping: () => ({}) }, { port }, async () => {
	clearInterval(presenceTimer);
	io.disconnectSockets(true);
	await new Promise<void>((resolve) => io.close(() => resolve()));
	await Promise.all([pub, sub].map((c) => c.quit().catch(() => c.disconnect())));
});
