import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalEvent } from '$lib/shared/journal';
import { emptyState } from '$lib/shared/reducer';

type Handler = (...args: unknown[]) => void;
type AuthCb = (data: { ticket: string; since: number }) => void;

/** Just enough of a socket.io-client Socket to drive connectLive from a test. */
class FakeSocket {
	handlers = new Map<string, Handler[]>();
	connected = false;
	active = true;
	emitted: { ev: string; payload: unknown }[] = [];
	auths: { ticket: string; since: number }[] = [];
	connectCalls = 0;
	reply: (ev: string, payload: unknown) => Promise<unknown> = async () => ({ ok: true, seq: 1 });
	constructor(private readonly auth: (cb: AuthCb) => void) {}
	on(ev: string, fn: Handler) {
		this.handlers.set(ev, [...(this.handlers.get(ev) ?? []), fn]);
		return this;
	}
	fire(ev: string, ...args: unknown[]) {
		for (const fn of this.handlers.get(ev) ?? []) fn(...args);
	}
	timeout() {
		return this;
	}
	emitWithAck(ev: string, payload: unknown) {
		this.emitted.push({ ev, payload });
		return this.reply(ev, payload);
	}
	connect() {
		this.connectCalls++;
		this.active = true;
		return this;
	}
	disconnect() {
		this.active = false;
		if (this.connected) {
			this.connected = false;
			this.fire('disconnect', 'io client disconnect');
		}
		return this;
	}
	removeAllListeners() {
		this.handlers.clear();
		return this;
	}
	/** The server side of a handshake: runs the auth callback, then connects. */
	async handshake() {
		const data = await new Promise<{ ticket: string; since: number }>((resolve) =>
			this.auth(resolve)
		);
		this.auths.push(data);
		this.connected = true;
		this.fire('connect');
	}
	/** A handshake the server's middleware refuses (the socket is then inactive). */
	async refuse(message: string) {
		const data = await new Promise<{ ticket: string; since: number }>((resolve) =>
			this.auth(resolve)
		);
		this.auths.push(data);
		this.active = false;
		this.fire('connect_error', new Error(message));
	}
	drop(reason = 'transport close') {
		this.connected = false;
		this.fire('disconnect', reason);
	}
}

let socket: FakeSocket;
vi.mock('socket.io-client', () => ({
	io: (...args: unknown[]) => {
		const opts = args.at(-1) as { auth: (cb: AuthCb) => void };
		socket = new FakeSocket(opts.auth);
		return socket;
	}
}));

const { connectLive } = await import('./live.svelte');

const AT = '2026-02-14T08:00:00.000Z';
const added = (seq: number): JournalEvent => ({
	seq,
	id: `e${seq}`,
	type: 'marshal:added',
	at: AT,
	actor: { role: 'system' },
	data: { marshalId: `m${seq}`, displayName: `Marshal ${seq}`, sectorId: null }
});

const snapshot = () => ({ ...emptyState('ev'), seq: 2 });
const ticketFetcher = (status: number, ticket = 'fresh-ticket-1') =>
	vi.fn(async () => new Response(JSON.stringify({ ticket }), { status }));

let live: ReturnType<typeof connectLive>;
afterEach(() => live?.close());

describe('connectLive', () => {
	beforeEach(() => {
		live = connectLive({
			snapshot: snapshot(),
			ticket: 'page-ticket-1',
			fetcher: ticketFetcher(200)
		});
	});

	it('authenticates with the page ticket and its seq, and is live on the first batch', async () => {
		expect(live.connection).toBe('connecting');
		await socket.handshake();
		expect(socket.auths).toEqual([{ ticket: 'page-ticket-1', since: 2 }]);
		expect(live.connection).toBe('connecting');
		socket.fire('journal:batch', { prev: 2, events: [] });
		expect(live.connection).toBe('live');
	});

	it('folds batches that follow on', async () => {
		await socket.handshake();
		socket.fire('journal:batch', { prev: 2, events: [added(3), added(4)] });
		expect(live.state.seq).toBe(4);
		expect(Object.keys(live.state.marshals)).toEqual(['m3', 'm4']);
	});

	it('asks for what it missed after a gap and ignores that batch', async () => {
		await socket.handshake();
		socket.fire('journal:batch', { prev: 2, events: [] });
		socket.fire('journal:batch', { prev: 4, events: [added(5)] });
		expect(live.state.seq).toBe(2);
		expect(socket.emitted).toEqual([{ ev: 'sync:since', payload: { since: 2 } }]);
		socket.fire('journal:batch', { prev: 2, events: [added(3), added(4), added(5)] });
		expect(live.state.seq).toBe(5);
	});

	it('replaces the state with a snapshot', async () => {
		await socket.handshake();
		socket.fire('journal:snapshot', { state: { ...emptyState('ev'), seq: 40 } });
		expect(live.state.seq).toBe(40);
		expect(live.connection).toBe('live');
	});

	it('reconnects with a fresh ticket and the seq it holds', async () => {
		await socket.handshake();
		socket.fire('journal:batch', { prev: 2, events: [added(3)] });
		socket.drop();
		expect(live.connection).toBe('offline');
		await socket.handshake();
		expect(socket.auths[1]).toEqual({ ticket: 'fresh-ticket-1', since: 3 });
		expect(live.connection).toBe('connecting');
	});

	it('is revoked by the server, and then sends nothing', async () => {
		await socket.handshake();
		socket.fire('session:revoked', { reason: 'device revoked' });
		expect(live.connection).toBe('revoked');
		const ack = await live.send('marshal:start-shift', {});
		expect(ack).toMatchObject({ ok: false, code: 'unavailable' });
	});

	it.each(['revoked'])('is revoked by a connect_error %s', (message) => {
		socket.fire('connect_error', new Error(message));
		expect(live.connection).toBe('revoked');
	});

	it('sends commands with a command id and returns the ack', async () => {
		await socket.handshake();
		socket.reply = async () => ({ ok: true, seq: 9 });
		const ack = await live.send('zone:set-status', {
			zoneId: 'z1',
			status: 'full',
			verified: true
		});
		expect(ack).toEqual({ ok: true, seq: 9 });
		const sent = socket.emitted[0];
		expect(sent.ev).toBe('zone:set-status');
		expect(sent.payload).toMatchObject({ zoneId: 'z1', status: 'full', verified: true });
		expect((sent.payload as { commandId: string }).commandId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('resolves to unavailable on timeout, disconnection or when offline; never throws', async () => {
		expect(await live.send('marshal:end-shift', {})).toMatchObject({ code: 'unavailable' });
		await socket.handshake();
		socket.reply = async () => {
			throw new Error('operation has timed out');
		};
		expect(await live.send('marshal:end-shift', {})).toMatchObject({
			ok: false,
			code: 'unavailable'
		});
		socket.reply = async () => ({ nonsense: true });
		expect(await live.send('marshal:end-shift', {})).toMatchObject({ ok: false });
	});
});

describe('connectLive tickets', () => {
	it('a 401 for a fresh ticket means revoked', async () => {
		const fetcher = ticketFetcher(401);
		live = connectLive({ snapshot: snapshot(), ticket: 'page-ticket-1', fetcher });
		await socket.handshake();
		socket.drop();
		socket.handshake();
		await vi.waitFor(() => expect(live.connection).toBe('revoked'));
		expect(fetcher).toHaveBeenCalledOnce();
	});

	it('a stale page ticket is retried once with a fresh one', async () => {
		vi.useFakeTimers();
		try {
			const fetcher = ticketFetcher(200, 'fresh-ticket-2');
			live = connectLive({ snapshot: snapshot(), ticket: 'stale-ticket', fetcher });
			await socket.refuse('unauthorised');
			expect(live.connection).toBe('offline');
			vi.advanceTimersByTime(1000);
			expect(socket.connectCalls).toBe(1);
			vi.useRealTimers();
			// A fresh ticket refused as unauthorised is final.
			await socket.refuse('unauthorised');
			expect(socket.auths).toEqual([
				{ ticket: 'stale-ticket', since: 2 },
				{ ticket: 'fresh-ticket-2', since: 2 }
			]);
			expect(live.connection).toBe('revoked');
		} finally {
			vi.useRealTimers();
		}
	});
});
