import { describe, expect, it } from 'vitest';
// The style-spec validator ships with maplibre-gl (its own dependency); no network involved.
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { buildStyle, resolveConfig, type MapConfig } from './style';

const center: [number, number] = [-0.1276, 51.5072];

describe('buildStyle', () => {
	it('passes a style URL through untouched', () => {
		const url = 'https://tiles.example.org/styles/dark.json';
		expect(buildStyle({ kind: 'style-url', url }, center, 14)).toBe(url);
	});

	const built: { name: string; config: MapConfig; sources: string[] }[] = [
		{ name: 'offline', config: { kind: 'offline' }, sources: [] },
		{
			name: 'pmtiles',
			config: { kind: 'pmtiles', url: 'https://haven.example.org/tiles/city.pmtiles' },
			sources: ['basemap']
		}
	];

	describe.each(built)('$name', ({ config, sources }) => {
		const style = buildStyle(config, center, 15) as StyleSpecification;

		it('is a valid MapLibre style', () => {
			expect(typeof style).toBe('object');
			expect(validateStyleMin(style)).toEqual([]);
		});

		it('needs no glyphs, sprite or text layers', () => {
			expect(style.glyphs).toBeUndefined();
			expect(style.sprite).toBeUndefined();
			expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
		});

		it('has the expected sources and a dark background first', () => {
			expect(Object.keys(style.sources)).toEqual(sources);
			expect(style.layers[0]).toMatchObject({ id: 'background', type: 'background' });
			expect(style.center).toEqual(center);
			expect(style.zoom).toBe(15);
		});
	});

	it('offline reaches for nothing on the network', () => {
		const json = JSON.stringify(buildStyle({ kind: 'offline' }, center, 14));
		expect(json).not.toMatch(/https?:|pmtiles:|\{z\}/);
		expect((buildStyle({ kind: 'offline' }, center, 14) as StyleSpecification).layers).toHaveLength(
			1
		);
	});

	it('pmtiles reads the archive through the pmtiles protocol, Protomaps layer names', () => {
		const url = 'https://haven.example.org/tiles/city.pmtiles';
		const style = buildStyle({ kind: 'pmtiles', url }, center, 14) as StyleSpecification;
		expect(style.sources.basemap).toMatchObject({ type: 'vector', url: `pmtiles://${url}` });
		const sourceLayers = new Set(
			style.layers.flatMap((l) =>
				'source-layer' in l && l['source-layer'] ? [l['source-layer']] : []
			)
		);
		expect([...sourceLayers].sort()).toEqual(['buildings', 'earth', 'landuse', 'roads', 'water']);
	});
});

describe('resolveConfig', () => {
	const base = 'https://haven.example.org/control';
	const cases: { name: string; config: MapConfig; expected: MapConfig }[] = [
		{ name: 'offline unchanged', config: { kind: 'offline' }, expected: { kind: 'offline' } },
		{
			name: 'relative pmtiles made absolute',
			config: { kind: 'pmtiles', url: '/tiles/city.pmtiles' },
			expected: { kind: 'pmtiles', url: 'https://haven.example.org/tiles/city.pmtiles' }
		},
		{
			name: 'absolute style URL kept',
			config: { kind: 'style-url', url: 'https://tiles.example.net/style.json' },
			expected: { kind: 'style-url', url: 'https://tiles.example.net/style.json' }
		}
	];
	it.each(cases)('$name', ({ config, expected }) => {
		expect(resolveConfig(config, base)).toEqual(expected);
	});
});
