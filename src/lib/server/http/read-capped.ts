/**
 * A request body read up to a cap. A declared length over it is refused before reading,
 * and a body that grows past it (no length, or a lying one) is cut off at the cap, so
 * a large upload never fills the server's memory.
 */
export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-large' };

export async function readCapped(request: Request, maxBytes: number): Promise<CappedBody> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' };
	if (!request.body) return { ok: true, bytes: new Uint8Array() };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => undefined);
			return { ok: false, reason: 'too-large' };
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(total);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	return { ok: true, bytes };
}
