/**
 * The browser's first WebGL context in a page starts its graphics stack (the GPU process's
 * GL and, without a graphics chip, SwiftShader): 450-860 ms on our machines, all of it
 * blocking the thread that asked. A second context then takes about 30 ms. So each page
 * with a map asks a worker for a throwaway context as soon as it knows it will draw one,
 * and MapLibre's constructor, which makes the map's context on the main thread, waits for
 * that to finish (decision 17).
 */

/** Longer than a cold start on a slow machine; past it the map goes ahead regardless. */
const WARM_UP_LIMIT_MS = 5000;

let warming: Promise<void> | null = null;

/** Starts the warm-up once per page; resolves when it is done, failed or took too long. */
export function warmUpWebGL(): Promise<void> {
	warming ??= startWarmUp();
	return warming;
}

function startWarmUp(): Promise<void> {
	if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
		return Promise.resolve();
	}
	const started = performance.now();
	return new Promise<void>((resolve) => {
		let worker: Worker | undefined;
		const done = () => {
			performance.measure('haven:gl-warm-up', { start: started });
			clearTimeout(timer);
			worker?.terminate();
			resolve();
		};
		const timer = setTimeout(done, WARM_UP_LIMIT_MS);
		try {
			worker = new Worker(new URL('./gl-warmup.worker.ts', import.meta.url), {
				type: 'module'
			});
		} catch {
			done();
			return;
		}
		worker.onmessage = done;
		worker.onerror = done;
		worker.postMessage('warm');
	});
}
