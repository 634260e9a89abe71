/**
 * Ends the current task so the browser can paint and handle input before the next step
 * of a long piece of work: `scheduler.yield()` where there is one (the rest runs ahead of
 * other queued tasks), else a zero timeout.
 */
export function yieldToBrowser(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
	if (typeof scheduler?.yield === 'function') return scheduler.yield();
	return new Promise((resolve) => setTimeout(resolve, 0));
}
