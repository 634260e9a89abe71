import { gzipSync } from 'node:zlib';

/**
 * Gzips a server-rendered HTML page. adapter-node compresses only static files (built with
 * `precompress`), and the attendee page is about 30 KB of HTML: on slow 4G that is 150 ms
 * uncompressed and about 30 ms gzipped.
 *
 * Only for pages that reflect nothing a third party controls (BREACH needs attacker text
 * next to a secret in a compressed response): callers choose which routes.
 */
export async function gzipHtml(request: Request, response: Response): Promise<Response> {
	if (
		response.status !== 200 ||
		!response.body ||
		response.headers.has('content-encoding') ||
		!(response.headers.get('content-type') ?? '').startsWith('text/html') ||
		!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')
	) {
		return response;
	}
	const body = gzipSync(new Uint8Array(await response.arrayBuffer()));
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.set('content-length', String(body.length));
	headers.append('vary', 'Accept-Encoding');
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
