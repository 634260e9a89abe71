import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipHtml } from './compress';

const html = '<!doctype html><title>Safe spots</title>' + '<p>Te Aro Park First Aid</p>'.repeat(50);
const request = (encoding = 'gzip, deflate, br') =>
	new Request('http://localhost/', { headers: { 'accept-encoding': encoding } });
const page = (init: ResponseInit = {}) =>
	new Response(html, { headers: { 'content-type': 'text/html', 'x-keep': '1' }, ...init });

describe('gzipHtml', () => {
	it('gzips an HTML page for a browser that accepts gzip, keeping its headers', async () => {
		const res = await gzipHtml(request(), page());
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(res.headers.get('x-keep')).toBe('1');
		const body = Buffer.from(await res.arrayBuffer());
		expect(Number(res.headers.get('content-length'))).toBe(body.length);
		expect(gunzipSync(body).toString()).toBe(html);
	});

	it('leaves other responses alone', async () => {
		for (const [req, res] of [
			[request('identity'), page()],
			[request(), page({ status: 404 })],
			[request(), new Response('{}', { headers: { 'content-type': 'application/json' } })]
		] as const) {
			expect(await gzipHtml(req, res)).toBe(res);
		}
	});
});
