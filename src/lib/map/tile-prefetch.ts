/**
 * Saves the self-hosted basemap's tiles for the event area on a marshal's phone while it has
 * signal, so the map still draws the streets after the network saturates. The tiles are read
 * through the pmtiles library as the map would read them (range requests); the service
 * worker keeps every range it sees (`$lib/client/tile-cache`), so fetching them is saving
 * them. Only the event's own area, at the zooms a marshal uses on foot, to spare data.
 */
import type { EventState, LngLat } from '$lib/shared/model';

export type Bounds = { west: number; south: number; east: number; north: number };
export type Tile = { z: number; x: number; y: number };

/** Street level down to a few blocks: enough to find one's way; a few dozen tiles for a city-centre parade. */
export const PREFETCH_ZOOMS = { min: 12, max: 16 } as const;
/** More tiles than this means the event's shapes are far apart: save nothing rather than megabytes. */
export const MAX_PREFETCH_TILES = 400;
/** Margin around the event's shapes, in degrees (about 300 m). */
const MARGIN = 0.003;

/** The box around the event's route, sectors and safe spots, with a margin; null when none. */
export function eventBounds(state: Pick<EventState, 'route' | 'sectors' | 'zones'>): Bounds | null {
	const points: LngLat[] = [
		...(state.route ?? []),
		...Object.values(state.sectors).flatMap((s) => s.ring),
		...Object.values(state.zones).map((z) => z.position)
	];
	if (points.length === 0) return null;
	const lngs = points.map((p) => p[0]);
	const lats = points.map((p) => p[1]);
	return {
		west: Math.min(...lngs) - MARGIN,
		south: Math.min(...lats) - MARGIN,
		east: Math.max(...lngs) + MARGIN,
		north: Math.max(...lats) + MARGIN
	};
}

/** Web Mercator tile column and row holding a point at zoom z. */
function tileOf(lng: number, lat: number, z: number): { x: number; y: number } {
	const n = 2 ** z;
	const rad = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
	const x = Math.floor(((lng + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
	return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** How many tiles cover the box over the zooms, without listing them. */
export function countTiles(bounds: Bounds, minZoom: number, maxZoom: number): number {
	let count = 0;
	for (let z = minZoom; z <= maxZoom; z++) {
		const nw = tileOf(bounds.west, bounds.north, z);
		const se = tileOf(bounds.east, bounds.south, z);
		count += (se.x - nw.x + 1) * (se.y - nw.y + 1);
	}
	return count;
}

/** Every tile that covers the box, zoom by zoom (coarse first, so a cut-off run saves most). */
export function tilesCovering(bounds: Bounds, minZoom: number, maxZoom: number): Tile[] {
	const tiles: Tile[] = [];
	for (let z = minZoom; z <= maxZoom; z++) {
		const nw = tileOf(bounds.west, bounds.north, z);
		const se = tileOf(bounds.east, bounds.south, z);
		for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) tiles.push({ z, x, y });
	}
	return tiles;
}

export type TileReader = {
	zooms(): Promise<{ min: number; max: number }>;
	read(tile: Tile): Promise<unknown>;
};

/** A reader over a PMTiles archive at `url`, through the pmtiles library (loaded only now). */
export async function pmtilesReader(url: string): Promise<TileReader> {
	const { PMTiles } = await import('pmtiles');
	const archive = new PMTiles(url);
	return {
		async zooms() {
			const header = await archive.getHeader();
			return { min: header.minZoom, max: header.maxZoom };
		},
		read: ({ z, x, y }) => archive.getZxy(z, x, y)
	};
}

export type PrefetchResult = { tiles: number; failed: number; skipped?: 'too-many' };

/**
 * Reads every tile of the event area, one after another (a phone on a congested network
 * must keep bandwidth for reports), stopping when `signal` aborts.
 */
export async function prefetchEventArea(
	reader: TileReader,
	bounds: Bounds,
	signal?: AbortSignal
): Promise<PrefetchResult> {
	const archive = await reader.zooms();
	const min = Math.max(PREFETCH_ZOOMS.min, archive.min);
	const max = Math.min(PREFETCH_ZOOMS.max, archive.max);
	if (min > max) return { tiles: 0, failed: 0 };
	if (countTiles(bounds, min, max) > MAX_PREFETCH_TILES) {
		return { tiles: 0, failed: 0, skipped: 'too-many' };
	}
	const tiles = tilesCovering(bounds, min, max);
	let done = 0;
	let failed = 0;
	for (const tile of tiles) {
		if (signal?.aborted) break;
		try {
			await reader.read(tile);
			done++;
		} catch {
			failed++;
		}
	}
	return { tiles: done, failed };
}
