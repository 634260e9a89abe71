import { describe, expect, it } from 'vitest';
import { readCapped } from './read-capped';

/** A body that arrives in chunks and says nothing of its length, as a chunked upload does. */
function streamed(chunks: number[], opts: { length?: number } = {}) {
	let pulled = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const size = chunks[pulled++];
			if (size === undefined) controller.close();
			else controller.enqueue(new Uint8Array(size).fill(7));
		}
	});
	const headers = opts.length === undefined ? undefined : { 'content-length': String(opts.length) };
	const request = new Request('http://haven.test/api/photos/x', {
		method: 'PUT',
		body,
		headers,
		duplex: 'half'
	} as RequestInit);
	return { request, pulled: () => pulled };
}

describe('readCapped', () => {
	it('reads a body within the cap whole', async () => {
		const { request } = streamed([400, 400, 200]);
		const got = await readCapped(request, 1000);
		expect(got.ok && got.bytes.length).toBe(1000);
	});

	it('stops reading as soon as a body without a length passes the cap', async () => {
		const { request, pulled } = streamed([600, 600, 600, 600, 600]);
		expect(await readCapped(request, 1000)).toEqual({ ok: false, reason: 'too-large' });
		expect(pulled()).toBeLessThanOrEqual(3);
	});

	it('refuses a declared length over the cap before reading anything', async () => {
		const { request, pulled } = streamed([10], { length: 5000 });
		expect(await readCapped(request, 1000)).toEqual({ ok: false, reason: 'too-large' });
		expect(pulled()).toBeLessThanOrEqual(1);
	});
});
