/**
 * Opens and drops one WebGL context off the main thread (see gl-warmup.ts for why).
 * Answers the page with one message whatever happens: nothing here may keep a map waiting.
 */
/// <reference lib="webworker" />

function warmUp(): void {
	const canvas = new OffscreenCanvas(1, 1);
	const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
	// Free the context at once: a page may hold only a few, and the map needs its own.
	gl?.getExtension('WEBGL_lose_context')?.loseContext();
}

self.onmessage = () => {
	try {
		warmUp();
	} finally {
		self.postMessage('warm');
	}
};
