import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import type { Ack, CommandName } from '$lib/shared/protocol';
import { Outbox, OutboxError, type OutboxItem } from './outbox';
import { openOutboxDb } from './outbox-db';

/**
 * The outbox runs here on fake-indexeddb (a complete IndexedDB in memory) and a scripted
 * server that answers like the real one: the first result for a command id, every time.
 */
class ScriptedServer {
	received: { name: CommandName; payload: Record<string, unknown> }[] = [];
	applied = new Map<string, Ack>();
	/** What the next sends meet: 'up' answers, 'down' is unreachable, 'lost' applies but the ack is lost. */
	mode: 'up' | 'down' | 'lost' = 'up';
	refuse: ((name: CommandName) => Ack | null) | null = null;
	seq = 0;

	send = async (name: CommandName, payload: Record<string, unknown>): Promise<Ack> => {
		if (this.mode === 'down') return { ok: false, code: 'unavailable', message: 'Not connected.' };
		this.received.push({ name, payload });
		const id = String(payload.commandId);
		let ack = this.applied.get(id);
		if (!ack) {
			ack = this.refuse?.(name) ?? { ok: true, seq: ++this.seq };
			this.applied.set(id, ack);
		}
		if (this.mode === 'lost') return { ok: false, code: 'unavailable', message: 'No answer.' };
		return ack;
	};

	/** Distinct commands the server applied (what the control room would see). */
	get appliedIds(): string[] {
		return [...this.applied.entries()].filter(([, a]) => a.ok).map(([id]) => id);
	}
}

const report = (note: string) => ({
	incidentId: crypto.randomUUID(),
	category: 'medical' as const,
	severity: 2,
	position: [174.7787, -41.2922] as [number, number],
	description: note
});

let dbName = '';
const opened: Outbox[] = [];
let n = 0;

async function open(server: ScriptedServer, changes?: OutboxItem[][]): Promise<Outbox> {
	const outbox = await Outbox.open({
		send: server.send,
		dbName,
		onChange: (items) => changes?.push([...items])
	});
	opened.push(outbox);
	return outbox;
}

async function storedKeys(): Promise<string[]> {
	const db = await openOutboxDb(dbName);
	const rows = await db.all();
	db.close();
	return rows.map((r) => r.key);
}

afterEach(() => {
	for (const o of opened.splice(0)) o.close();
});

describe('Outbox', () => {
	it('saves a command before sending and deletes it once the server has it', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const outbox = await open(server);
		const item = await outbox.add('incident:report', report('first'), 'Report: medical');
		expect(await storedKeys()).toEqual([item.id]);
		await outbox.flush();
		expect(outbox.items[0]).toMatchObject({ state: 'queued', message: 'Not connected.' });

		server.mode = 'up';
		await outbox.flush();
		expect(outbox.items[0]).toMatchObject({ state: 'received', message: null });
		expect(await storedKeys()).toEqual([]);
		expect(server.appliedIds).toEqual([item.id]);
	});

	it('survives a reload: a new page finds what was unsent and sends it once', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const first = await open(server);
		const a = await first.add('incident:report', report('a'), 'Report a');
		const b = await first.add('incident:report', report('b'), 'Report b');
		await first.flush();
		first.close();

		server.mode = 'up';
		const second = await open(server);
		expect(second.items.map((i) => [i.id, i.state])).toEqual([
			[a.id, 'queued'],
			[b.id, 'queued']
		]);
		await second.flush();
		expect(second.items.map((i) => i.state)).toEqual(['received', 'received']);
		expect(server.appliedIds).toEqual([a.id, b.id]);
	});

	it('resends after a lost ack with the same command id, so the server applies it once', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'lost';
		const outbox = await open(server);
		const item = await outbox.add('incident:report', report('lost ack'), 'Report');
		await outbox.flush();
		expect(outbox.items[0]?.state).toBe('queued');
		server.mode = 'up';
		await outbox.flush();
		await outbox.flush();
		expect(outbox.items[0]?.state).toBe('received');
		const sentIds = server.received.map((r) => r.payload.commandId);
		expect(sentIds.length).toBeGreaterThanOrEqual(2);
		expect(new Set(sentIds)).toEqual(new Set([item.id]));
		expect(server.appliedIds).toEqual([item.id]);
	});

	it('keeps the order: nothing overtakes an item that could not be sent', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const outbox = await open(server);
		const accept = await outbox.add('job:accept', { jobId: crypto.randomUUID() }, 'Accept');
		const onScene = await outbox.add('job:on-scene', { jobId: crypto.randomUUID() }, 'On scene');
		await outbox.flush();
		expect(server.received).toEqual([]);
		server.mode = 'up';
		await outbox.flush();
		expect(server.received.map((r) => r.payload.commandId)).toEqual([accept.id, onScene.id]);
	});

	it('shows a refusal with its reason, drops it, and goes on with the rest', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.refuse = (name) =>
			name === 'job:accept'
				? { ok: false, code: 'conflict', message: 'Someone else took this job.' }
				: null;
		server.mode = 'down';
		const outbox = await open(server);
		await outbox.add('job:accept', { jobId: crypto.randomUUID() }, 'Accept');
		const next = await outbox.add('incident:report', report('after'), 'Report');
		server.mode = 'up';
		await outbox.flush();
		expect(outbox.items.map((i) => [i.state, i.message])).toEqual([
			['refused', 'Someone else took this job.'],
			['received', null]
		]);
		expect(server.appliedIds).toEqual([next.id]);
		expect(await storedKeys()).toEqual([]);
	});

	it('reports a damaged saved item, deletes it, and still sends the good ones', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const first = await open(server);
		const good = await first.add('incident:report', report('good'), 'Report');
		first.close();
		const raw = await openDB(dbName, 1);
		await raw.put('items', { v: 1, name: 'incident:report', payload: 'garbage' }, 'bad-1');
		await raw.put('items', '\u0000not json at all', 'bad-2');
		raw.close();

		server.mode = 'up';
		const second = await open(server);
		expect(second.items.filter((i) => i.state === 'damaged').map((i) => i.id)).toEqual([
			'bad-1',
			'bad-2'
		]);
		await second.flush();
		expect(server.appliedIds).toEqual([good.id]);
		expect(await storedKeys()).toEqual([]);
	});

	it('refuses an invalid command on the phone, saving nothing', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		const outbox = await open(server);
		await expect(
			outbox.add('incident:report', { ...report('x'), severity: 9 }, 'Report')
		).rejects.toBeInstanceOf(OutboxError);
		expect(outbox.items).toEqual([]);
		expect(await storedKeys()).toEqual([]);
		expect(server.received).toEqual([]);
	});

	it('wipe deletes the database and the list', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const changes: OutboxItem[][] = [];
		const outbox = await open(server, changes);
		await outbox.add('incident:report', report('secret'), 'Report');
		await outbox.wipe();
		expect(changes.at(-1)).toEqual([]);
		const names = (await indexedDB.databases()).map((d) => d.name);
		expect(names).not.toContain(dbName);
	});

	it('shares one round between concurrent flushes and sends each item once', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const outbox = await open(server);
		for (let i = 0; i < 5; i++) await outbox.add('incident:report', report(`r${i}`), `R${i}`);
		server.mode = 'up';
		await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
		expect(server.received).toHaveLength(5);
		expect(outbox.pending).toBe(0);
	});
});

describe('Outbox.settle', () => {
	it('resolves with the answer, or as soon as an attempt has failed', async () => {
		dbName = `outbox-${n++}`;
		const server = new ScriptedServer();
		server.mode = 'down';
		const outbox = await open(server);
		const item = await outbox.add('incident:report', report('wait'), 'Report');
		expect(await outbox.settle(item.id, 5_000)).toMatchObject({ state: 'queued', attempts: 1 });

		server.mode = 'up';
		const sent = await outbox.add('incident:report', report('up'), 'Report');
		expect(await outbox.settle(sent.id, 5_000)).toMatchObject({ state: 'received' });
		expect((await outbox.settle(item.id, 5_000))?.state).toBe('received');

		server.refuse = () => ({ ok: false, code: 'conflict', message: 'No.' });
		const refused = await outbox.add('incident:report', report('no'), 'Report');
		expect(await outbox.settle(refused.id, 5_000)).toMatchObject({
			state: 'refused',
			code: 'conflict',
			message: 'No.'
		});
	});

	it('gives up waiting after the timeout and returns the item as it stands', async () => {
		dbName = `outbox-${n++}`;
		let release: (a: Ack) => void = () => {};
		const outbox = await Outbox.open({
			dbName,
			send: () => new Promise<Ack>((resolve) => (release = resolve))
		});
		opened.push(outbox);
		const item = await outbox.add('incident:report', report('slow'), 'Report');
		expect(await outbox.settle(item.id, 30)).toMatchObject({ state: 'sent' });
		release({ ok: true, seq: 1 });
		expect(await outbox.settle(item.id, 5_000)).toMatchObject({ state: 'received' });
	});
});
