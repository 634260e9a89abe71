/**
 * A benchmark worker process: a slice of the simulated marshals or dashboards, as real
 * socket.io-client connections to Haven or to the bare Socket.IO servers (both speak the
 * same event names here). Driven by tests/bench/run.ts over IPC (see ipc.ts).
 */
import { io, type Socket } from 'socket.io-client';
import type { LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import { serve } from './ipc';
import {
	CENTRE,
	jitter,
	now,
	presenceUpdate,
	reportPayload,
	type ClientSpec,
	type CollectResult,
	type ConnectResult,
	type Receipt,
	type ReportsRequest,
	type ReportsResult,
	type Send,
	type ShiftResult
} from './messages';

type Client = {
	spec: ClientSpec;
	socket: Socket;
	position: LngLat;
	timer?: NodeJS.Timeout;
	/** Dashboards: incidentId -> receive time. */
	received: Map<string, number>;
};

type BatchEvent = { type?: string; data?: { incidentId?: string } };

const clients: Client[] = [];
const sends: Send[] = [];
let duplicates = 0;
let disconnects = 0;
let presenceBatches = 0;
let journalBatches = 0;
let closing = false;
let reportNumber = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(spec: ClientSpec): Promise<Client> {
	const socket = io(spec.url, {
		transports: ['websocket'],
		auth: spec.auth,
		forceNew: true,
		reconnection: false,
		timeout: 20_000,
		extraHeaders: { 'X-Forwarded-For': spec.forwardedFor }
	});
	const client: Client = { spec, socket, position: jitter(CENTRE, 1200), received: new Map() };
	if (spec.kind === 'dashboard') {
		socket.on('journal:batch', (batch: { events?: BatchEvent[] }) => {
			const at = now();
			journalBatches++;
			for (const e of batch.events ?? []) {
				const id = e.type === 'incident:reported' ? e.data?.incidentId : undefined;
				if (!id) continue;
				if (client.received.has(id)) duplicates++;
				else client.received.set(id, at);
			}
		});
		socket.on('presence:batch', () => presenceBatches++);
	}
	return new Promise((resolve, reject) => {
		socket.once('connect', () => {
			socket.on('disconnect', () => {
				if (!closing) disconnects++;
			});
			resolve(client);
		});
		socket.once('connect_error', (err) => {
			socket.disconnect();
			reject(new Error(`${spec.kind} ${spec.key}: ${err.message}`));
		});
	});
}

async function connect(msg: Record<string, unknown>): Promise<ConnectResult> {
	const specs = msg.clients as ClientSpec[];
	const concurrency = Number(msg.concurrency ?? 25);
	const failed: string[] = [];
	let next = 0;
	const lane = async () => {
		while (next < specs.length) {
			const spec = specs[next++];
			try {
				clients.push(await open(spec));
			} catch (err) {
				failed.push(err instanceof Error ? err.message : String(err));
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, lane));
	return { connected: specs.length - failed.length, failed };
}

const codeOf = (ack: unknown) =>
	ack && typeof ack === 'object' && 'ok' in ack && ack.ok
		? 'ok'
		: String((ack as { code?: unknown } | null)?.code ?? 'malformed-ack');

/**
 * Every marshal starts a shift, a few at a time: a real crowd of phones does not press the
 * button in the same millisecond. A busy refusal (`unavailable`) or a lost ack is retried.
 */
async function startShift(msg: Record<string, unknown>): Promise<ShiftResult> {
	const timeoutMs = Number(msg.ackTimeoutMs ?? 10_000);
	const concurrency = Number(msg.concurrency ?? 4);
	const result: ShiftResult = { ok: 0, retries: 0, errors: {} };
	const marshals = clients.filter((c) => c.spec.kind === 'marshal');
	let next = 0;
	const lane = async () => {
		while (next < marshals.length) {
			const c = marshals[next++];
			const commandId = newId();
			let code = 'timeout';
			for (let attempt = 0; attempt < 8; attempt++) {
				if (attempt > 0) {
					result.retries++;
					await sleep(Math.min(2000, 50 * 2 ** attempt) * Math.random());
				}
				try {
					code = codeOf(
						await c.socket.timeout(timeoutMs).emitWithAck('marshal:start-shift', { commandId })
					);
				} catch {
					code = 'timeout';
				}
				if (code !== 'unavailable' && code !== 'timeout') break;
			}
			if (code === 'ok') result.ok++;
			else result.errors[code] = (result.errors[code] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, marshals.length) }, lane));
	return result;
}

/** Every marshal sends its position every `intervalMs` (+-10 %), starting at a random phase. */
function positions(msg: Record<string, unknown>): { marshals: number } {
	const intervalMs = Number(msg.intervalMs);
	const marshals = clients.filter((c) => c.spec.kind === 'marshal');
	for (const c of marshals) {
		const tick = () => {
			c.position = jitter(c.position, 15);
			c.socket.volatile.emit('presence:update', presenceUpdate(c.position));
			c.timer = setTimeout(tick, intervalMs * (0.9 + Math.random() * 0.2));
		};
		c.timer = setTimeout(tick, Math.random() * intervalMs);
	}
	return { marshals: marshals.length };
}

/** This worker's share of a steady schedule: report k of all is due at t0 + k / rate. */
async function reports(msg: Record<string, unknown>): Promise<ReportsResult> {
	const req = msg as unknown as ReportsRequest;
	const reporters = clients.filter((c) => c.spec.reporter);
	const result: ReportsResult = { sent: 0, ok: 0, errors: {}, ackMs: [], worstLateMs: 0 };
	if (reporters.length === 0) return result;
	const period = 1000 / req.rate;
	const inflight: Promise<void>[] = [];
	for (let k = 0; ; k++) {
		const due = req.t0 + (k * req.slots + req.slot) * period;
		if (due >= req.t0 + req.durationMs) break;
		const wait = due - Date.now();
		if (wait > 0) await sleep(wait);
		result.worstLateMs = Math.max(result.worstLateMs, Date.now() - due);
		const reporter = reporters[k % reporters.length];
		const payload = reportPayload(reportNumber++, req.descriptionChars);
		const sentAt = now();
		sends.push([payload.incidentId, sentAt, reporter.spec.key]);
		result.sent++;
		inflight.push(
			reporter.socket
				.timeout(req.ackTimeoutMs)
				.emitWithAck('incident:report', payload)
				.then(
					(ack: unknown) => {
						const code = codeOf(ack);
						if (code === 'ok') {
							result.ok++;
							result.ackMs.push(now() - sentAt);
						} else result.errors[code] = (result.errors[code] ?? 0) + 1;
					},
					() => {
						result.errors.timeout = (result.errors.timeout ?? 0) + 1;
					}
				)
		);
	}
	await Promise.all(inflight);
	return result;
}

const receivedCount = () => clients.reduce((n, c) => n + c.received.size, 0);

function collect(): CollectResult {
	const receipts: Receipt[] = [];
	for (const c of clients) {
		for (const [id, at] of c.received) receipts.push([c.spec.key, id, at]);
	}
	return { sends, receipts, duplicates, disconnects, presenceBatches, journalBatches };
}

function stopTraffic(): void {
	for (const c of clients) clearTimeout(c.timer);
}

async function close(): Promise<void> {
	closing = true;
	stopTraffic();
	for (const c of clients) c.socket.disconnect();
	// Let the close frames leave before the process goes.
	await sleep(100);
}

serve(
	{
		connect,
		'start-shift': startShift,
		positions,
		reports,
		count: () => ({ received: receivedCount(), presenceBatches, journalBatches }),
		'stop-traffic': () => (stopTraffic(), {}),
		collect,
		close: async () => (await close(), {})
	},
	{},
	close
);
