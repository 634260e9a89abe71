import { describe, expect, it } from 'vitest';
import { damagedItem, queuedItem, readStored } from './outbox-stored';

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
