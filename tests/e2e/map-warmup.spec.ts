import { expect, test } from '@playwright/test';
import { signInOrganiser } from './session';

/**
 * The first WebGL context of a page starts the browser's graphics stack, a long block of
 * the thread that asks (src/lib/map/gl-warmup.ts). The page asks a worker for it first,
 * and the map is only constructed once that worker is done; the map then draws as before.
 */
test('the map starts WebGL in a worker first, then draws', async ({ browser }) => {
	const organiser = await signInOrganiser(browser);
	const seen: string[] = [];
	organiser.on('worker', (worker) => {
		const name = /gl-warmup/.test(worker.url())
			? 'warm-up'
			: /maplibre-gl-worker/.test(worker.url())
				? 'maplibre'
				: null;
		if (!name) return;
		seen.push(`${name} started`);
		worker.on('close', () => seen.push(`${name} ended`));
	});
	await organiser.reload();
	await expect(organiser.getByTestId('event-map')).toHaveAttribute('data-ready', 'true', {
		timeout: 15_000
	});
	await expect(organiser.getByTestId('map-source-incidents')).toHaveAttribute('data-ready', 'true');
	const start = seen.indexOf('warm-up started');
	const end = seen.indexOf('warm-up ended');
	const map = seen.indexOf('maplibre started');
	expect(start, seen.join(', ')).toBeGreaterThanOrEqual(0);
	expect(end, seen.join(', ')).toBeGreaterThan(start);
	expect(map, seen.join(', ')).toBeGreaterThan(end);
	await organiser.context().close();
});
