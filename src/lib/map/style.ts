/**
 * Where the basemap comes from. Pure: builds a MapLibre style (or names one) from
 * configuration; never touches the network and never imports maplibre at run time.
 *
 * - style-url: any hosted MapLibre style (for example an OpenStreetMap style).
 * - pmtiles: a PMTiles archive Haven serves itself, drawn with a small dark style and no
 *   text (so no glyph server and no sprite are needed).
 * - offline: a plain dark background; the event's own layers (route, sectors, zones,
 *   incidents) are the whole map. Works with no network at all, and in tests.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { LngLat } from '$lib/shared/model';

export type MapConfig =
	{ kind: 'style-url'; url: string } | { kind: 'pmtiles'; url: string } | { kind: 'offline' };

/** The dark palette the basemap styles share; the event layers are drawn on top of it. */
export const BASEMAP_COLOURS = {
	background: '#0e1016',
	earth: '#161a22',
	park: '#17231d',
	water: '#0b2233',
	building: '#1f2430',
	roadMinor: '#2a303c',
	roadMajor: '#3a4252',
	highway: '#4a5366',
	path: '#262b35'
} as const;

export const PMTILES_SOURCE_ID = 'basemap';

/** Attribution the Protomaps basemap (OpenStreetMap data) requires. */
export const PMTILES_ATTRIBUTION =
	'<a href="https://protomaps.com">Protomaps</a> © <a href="https://openstreetmap.org/copyright">OpenStreetMap</a>';

/**
 * Makes a relative PMTiles or style URL absolute against the page, so `/tiles/city.pmtiles`
 * works: the pmtiles protocol fetches whatever follows `pmtiles://` as it is.
 */
export function resolveConfig(config: MapConfig, base: string): MapConfig {
	if (config.kind === 'offline') return config;
	return { ...config, url: new URL(config.url, base).href };
}

export function buildStyle(
	config: MapConfig,
	center: LngLat,
	zoom: number
): StyleSpecification | string {
	switch (config.kind) {
		case 'style-url':
			return config.url;
		case 'pmtiles':
			return pmtilesStyle(config.url, center, zoom);
		case 'offline':
			return offlineStyle(center, zoom);
	}
}

export function offlineStyle(center: LngLat, zoom: number): StyleSpecification {
	return {
		version: 8,
		name: 'Haven offline',
		center: [center[0], center[1]],
		zoom,
		sources: {},
		layers: [background()]
	};
}

export function pmtilesStyle(url: string, center: LngLat, zoom: number): StyleSpecification {
	const source = PMTILES_SOURCE_ID;
	const c = BASEMAP_COLOURS;
	const layers: LayerSpecification[] = [
		background(),
		{
			id: 'basemap-earth',
			type: 'fill',
			source,
			'source-layer': 'earth',
			paint: { 'fill-color': c.earth }
		},
		{
			id: 'basemap-park',
			type: 'fill',
			source,
			'source-layer': 'landuse',
			filter: ['in', ['get', 'kind'], ['literal', ['park', 'forest', 'wood', 'grass', 'garden']]],
			paint: { 'fill-color': c.park }
		},
		{
			id: 'basemap-water',
			type: 'fill',
			source,
			'source-layer': 'water',
			filter: ['==', ['geometry-type'], 'Polygon'],
			paint: { 'fill-color': c.water }
		},
		{
			id: 'basemap-buildings',
			type: 'fill',
			source,
			'source-layer': 'buildings',
			minzoom: 14,
			paint: { 'fill-color': c.building, 'fill-opacity': 0.8 }
		},
		road('basemap-roads-path', ['path', 'other'], c.path, [14, 0.5, 18, 2]),
		road('basemap-roads-minor', ['minor_road'], c.roadMinor, [12, 0.5, 18, 8]),
		road('basemap-roads-major', ['major_road'], c.roadMajor, [10, 0.8, 18, 12]),
		road('basemap-roads-highway', ['highway'], c.highway, [6, 0.6, 18, 14])
	];
	return {
		version: 8,
		name: 'Haven dark (PMTiles)',
		center: [center[0], center[1]],
		zoom,
		sources: {
			[source]: { type: 'vector', url: `pmtiles://${url}`, attribution: PMTILES_ATTRIBUTION }
		},
		layers
	};
}

function background(): LayerSpecification {
	return {
		id: 'background',
		type: 'background',
		paint: { 'background-color': BASEMAP_COLOURS.background }
	};
}

function road(
	id: string,
	kinds: string[],
	colour: string,
	[z0, w0, z1, w1]: [number, number, number, number]
): LayerSpecification {
	return {
		id,
		type: 'line',
		source: PMTILES_SOURCE_ID,
		'source-layer': 'roads',
		filter: ['in', ['get', 'kind'], ['literal', kinds]],
		layout: { 'line-cap': 'round', 'line-join': 'round' },
		paint: {
			'line-color': colour,
			'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], z0, w0, z1, w1]
		}
	};
}
