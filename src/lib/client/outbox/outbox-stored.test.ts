import { describe, expect, it } from 'vitest';
import { damagedItem, newStored, OutboxError, queuedItem, readStored } from './outbox-stored';

const KEY = '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b';
const record = (over: Record<string, unknown> = {}) => ({
	v: 1,
	name: 'marshal:start-shift',
	payload: { commandId: KEY },
	label: 'Start shift',
	createdAt: 10,
	...over
});

describe('a saved outbox record read back', () => {
	it('is trusted when its shape, payload and key agree', () => {
		expect(readStored(KEY, record())).toMatchObject({
			name: 'marshal:start-shift',
			label: 'Start shift'
		});
	});

	it('is refused when its shape is wrong', () => {
		expect(readStored(KEY, null)).toBeNull();
		expect(readStored(KEY, record({ v: 2 }))).toBeNull();
		expect(readStored(KEY, record({ name: 'no:such-command' }))).toBeNull();
		expect(readStored(KEY, record({ label: 'x'.repeat(201) }))).toBeNull();
		expect(readStored(KEY, record({ photo: { id: 'not-a-uuid', sent: true } }))).toBeNull();
	});

	it('is refused when its command refuses the payload', () => {
		expect(readStored(KEY, record({ payload: { commandId: 'nope' } }))).toBeNull();
	});

	it('is refused when saved under another key', () => {
		expect(readStored('0190a5b2-7c3d-7e4f-8a1b-000000000000', record())).toBeNull();
	});

	it('lists as queued, or as damaged with a message', () => {
		const stored = readStored(KEY, record())!;
		expect(queuedItem(KEY, stored)).toEqual({
			id: KEY,
			name: 'marshal:start-shift',
			label: 'Start shift',
			createdAt: 10,
			state: 'queued',
			attempts: 0,
			message: null
		});
		expect(damagedItem('k', 5)).toMatchObject({
			id: 'k',
			name: null,
			state: 'damaged',
			createdAt: 5
		});
	});
});

describe('a new command saved', () => {
	it('gets a fresh command id, a capped label and its photo bytes', () => {
		const bytes = new ArrayBuffer(2);
		const photoId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
		const stored = newStored(
			'incident:report',
			{
				incidentId: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b',
				category: 'medical',
				severity: 2,
				onBehalf: false,
				photoId
			},
			'x'.repeat(300),
			42,
			{ id: photoId, bytes },
			true
		);
		expect(typeof stored.payload.commandId).toBe('string');
		expect(stored.label).toHaveLength(200);
		expect(stored.createdAt).toBe(42);
		expect(stored.photo).toEqual({ id: photoId, sent: false, bytes });
		expect(readStored(String(stored.payload.commandId), stored)).not.toBeNull();
	});

	it('keeps a command id it brings', () => {
		const stored = newStored(
			'marshal:start-shift',
			{ commandId: KEY },
			'Start shift',
			1,
			undefined,
			false
		);
		expect(stored.payload).toEqual({ commandId: KEY });
	});

	it('refuses an invalid command, or a photo it does not name or cannot upload', () => {
		expect(() =>
			newStored('marshal:set-status', { status: 'asleep' }, 'x', 1, undefined, false)
		).toThrow(OutboxError);
		const photo = { id: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', bytes: new ArrayBuffer(1) };
		expect(() => newStored('marshal:start-shift', {}, 'x', 1, photo, true)).toThrow(
			'The photo does not belong to this command.'
		);
	});
});
