/**
 * When to save the event area's basemap tiles on this phone (see $lib/map/tile-prefetch):
 * only with a self-hosted PMTiles basemap (a hosted style's tiles are another origin's),
 * only once the service worker controls the page (it is what keeps them), not when the
 * phone asks to save data or its battery is low, and not again within half a day (the
 * worker fetches tiles network-first, so saving again downloads them again).
 */
import { isBatteryLow, watchBattery, type BatteryReading } from '$lib/client/position-sharing';
import type { MapConfig } from '$lib/map/style';
import {
	eventBounds,
	pmtilesReader,
	prefetchEventArea,
	type PrefetchResult
} from '$lib/map/tile-prefetch';
import type { EventState } from '$lib/shared/model';

const SAVED_KEY = 'haven-basemap-saved';
const FRESH_MS = 12 * 60 * 60_000;

/** The battery once, where the browser tells (null elsewhere, or when it takes too long). */
function batteryNow(): Promise<BatteryReading | null> {
	return new Promise((resolve) => {
		const stop = watchBattery(navigator, (b) => {
			stop();
			resolve(b);
		});
		setTimeout(() => {
			stop();
			resolve(null);
		}, 1000);
	});
}

export async function saveBasemapForOffline(
	config: MapConfig,
	state: Pick<EventState, 'route' | 'sectors' | 'zones'>,
	signal: AbortSignal
): Promise<PrefetchResult | null> {
	if (config.kind !== 'pmtiles' || !navigator.serviceWorker?.controller) return null;
	const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection
		?.saveData;
	if (saveData || isBatteryLow(await batteryNow())) return null;
	const bounds = eventBounds(state);
	if (!bounds) return null;
	const mark = `${config.url}|${[bounds.west, bounds.south, bounds.east, bounds.north].map((n) => n.toFixed(4)).join(',')}`;
	const saved = readMark();
	if (saved && saved.mark === mark && Date.now() - saved.at < FRESH_MS) return null;
	const result = await prefetchEventArea(await pmtilesReader(config.url), bounds, signal);
	if (!signal.aborted && result.failed === 0 && !result.skipped) {
		localStorage.setItem(SAVED_KEY, JSON.stringify({ mark, at: Date.now() }));
	}
	return result;
}

function readMark(): { mark: string; at: number } | null {
	try {
		const v: unknown = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null');
		if (v && typeof v === 'object' && 'mark' in v && 'at' in v) {
			return { mark: String(v.mark), at: Number(v.at) };
		}
	} catch {
		// A damaged mark only means saving again.
	}
	return null;
}
