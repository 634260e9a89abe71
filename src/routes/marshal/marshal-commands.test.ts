import { describe, expect, it } from 'vitest';
import type { Delivery, MarshalOutbox } from '$lib/client/outbox/marshal-outbox.svelte';
import type { Ack } from '$lib/shared/protocol';
import { marshalCommands, STARTING, type OutboxReady } from './marshal-commands';

type Sent = { name: string; payload: Record<string, unknown>; label: string; photo?: unknown };

/** An outbox that records what it is given and answers with `answer`. */
function fakeOutbox(answer: Delivery = { ok: true, queued: false }) {
	const sent: Sent[] = [];
	const box = {
		items: [],
		durable: true,
		deliver: async (
			name: string,
			payload: Record<string, unknown>,
			label: string,
			_waitMs?: number,
			photo?: unknown
		) => {
			sent.push({ name, payload, label, ...(photo ? { photo } : {}) });
			return answer;
		},
		flush: () => {},
		wipe: async () => {},
		close: () => {}
	} as unknown as MarshalOutbox;
	const deliveryAck = (d: Delivery): Ack => (d.ok ? { ok: true, seq: 0 } : d);
	return { sent, ready: Promise.resolve<OutboxReady>({ box, deliveryAck }) };
}

describe('the marshal commands', () => {
	it('sends shift and status commands with their labels', async () => {
		const { sent, ready } = fakeOutbox();
		const c = marshalCommands(ready, () => {});
		for (const a of ['start', 'end', 'available', 'on-break'] as const) {
			expect(await c.shiftAction(a)).toEqual({ ok: true, seq: 0 });
		}
		expect(sent).toEqual([
			{ name: 'marshal:start-shift', payload: {}, label: 'Start shift' },
			{ name: 'marshal:end-shift', payload: {}, label: 'End shift' },
			{ name: 'marshal:set-status', payload: { status: 'available' }, label: 'Status: available' },
			{ name: 'marshal:set-status', payload: { status: 'on-break' }, label: 'Status: on a break' }
		]);
	});

	it('adds the job id and the step details to job commands', async () => {
		const { sent, ready } = fakeOutbox();
		const c = marshalCommands(ready, () => {});
		await c.jobCommand('j1', { name: 'job:accept' });
		await c.jobCommand('j1', { name: 'job:decline', reason: 'Too far away' });
		await c.jobCommand('j1', { name: 'job:on-scene' });
		await c.jobCommand('j1', { name: 'job:resolve', outcome: 'Resolved' });
		expect(sent.map((s) => [s.name, s.payload, s.label])).toEqual([
			['job:accept', { jobId: 'j1' }, 'Job accepted'],
			['job:decline', { jobId: 'j1', reason: 'Too far away' }, 'Job declined'],
			['job:on-scene', { jobId: 'j1' }, 'On scene'],
			['job:resolve', { jobId: 'j1', outcome: 'Resolved' }, 'Job resolved']
		]);
	});

	it('labels escort steps', async () => {
		const { sent, ready } = fakeOutbox();
		const c = marshalCommands(ready, () => {});
		await c.escortCommand('e1', 'escort:walking');
		expect(sent).toEqual([
			{ name: 'escort:walking', payload: { escortId: 'e1' }, label: 'Walking' }
		]);
	});

	it('sends a report with a new incident id and its photo, and remembers it', async () => {
		const { sent, ready } = fakeOutbox({ ok: true, queued: true, message: 'Saved.' });
		const remembered: string[] = [];
		const c = marshalCommands(ready, (id) => remembered.push(id));
		const photo = { id: 'p1', bytes: new ArrayBuffer(1) };
		const d = await c.report({ category: 'medical', severity: 3, onBehalf: false, photo });
		expect(d).toEqual({ ok: true, queued: true, message: 'Saved.' });
		expect(sent).toHaveLength(1);
		const { payload, label } = sent[0]!;
		expect(label).toBe('Report: Medical, severity 3, with photo');
		expect(payload).toMatchObject({
			category: 'medical',
			severity: 3,
			onBehalf: false,
			photoId: 'p1'
		});
		expect(payload).not.toHaveProperty('photo');
		expect(remembered).toEqual([payload.incidentId]);
		expect(sent[0]!.photo).toBe(photo);
	});

	it('does not remember a report the outbox did not take', async () => {
		const refused: Delivery = { ok: false, code: 'invalid', message: 'No.' };
		const { ready } = fakeOutbox(refused);
		const remembered: string[] = [];
		const c = marshalCommands(ready, (id) => remembered.push(id));
		expect(await c.report({ category: 'medical', severity: 1, onBehalf: true })).toBe(refused);
		expect(remembered).toEqual([]);
	});

	it('answers "reload" when the outbox never loaded', async () => {
		const c = marshalCommands(Promise.resolve(null), () => {});
		expect(await c.shiftAction('start')).toBe(STARTING);
		expect(await c.jobCommand('j', { name: 'job:accept' })).toBe(STARTING);
		expect(await c.escortCommand('e', 'escort:accept')).toBe(STARTING);
		expect(await c.report({ category: 'medical', severity: 1, onBehalf: true })).toBe(STARTING);
	});
});
