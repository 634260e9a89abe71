/**
 * The wiring every GeoJSON layer component shares. Call it once in a component's script:
 *
 *   const probe = useGeoJsonLayer({ name: 'zones', order: LAYER_ORDER.zones,
 *     layers: [...], data: () => features });
 *
 * It adds the source `haven-<name>` and the layers when the map is ready, sends new data at
 * most once per animation frame, removes exactly what it added when the component goes,
 * and returns a reactive probe (ready, count, ids) for the component's <SourceProbe>.
 */
import { untrack } from 'svelte';
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSourceSpecification } from 'maplibre-gl';
import { FrameBatchedSource, type LayerDef } from './batched-source';
import { getMapContext, type LayerClickHandler } from './context.svelte';
import { featureIds } from './features';

export type GeoJsonLayerOptions = {
	/** Short name: source id `haven-<name>`, test id `map-source-<name>`. */
	name: string;
	/** Place in the stacking order (see LAYER_ORDER). */
	order: number;
	source?: Omit<GeoJSONSourceSpecification, 'type' | 'data'>;
	layers: LayerDef[];
	/** The collection to show; read reactively, so derive it from props. */
	data: () => FeatureCollection;
	/** Click handlers by layer id; those layers get a pointer cursor. */
	onClick?: Record<string, LayerClickHandler>;
};

export type SourceProbe = {
	readonly name: string;
	readonly sourceId: string;
	/** True while the source and layers are on the map. */
	readonly ready: boolean;
	/** Feature count and ids of the data the map last accepted (not merely queued). */
	readonly count: number;
	readonly ids: string;
	/** How many data updates (setData calls) reached the map since the source was added. */
	readonly updates: number;
};

export function sourceIdFor(name: string): string {
	return `haven-${name}`;
}

export function useGeoJsonLayer(options: GeoJsonLayerOptions): SourceProbe {
	const handle = getMapContext();
	const sourceId = sourceIdFor(options.name);
	const probe = $state({ ready: false, count: 0, ids: '', updates: 0 });
	let batch: FrameBatchedSource | null = null;

	$effect(() => {
		const map = handle.map;
		if (!map) return;
		return untrack(() => {
			const place = handle.place(
				options.order,
				options.layers.map((l) => l.id)
			);
			const current = new FrameBatchedSource(map, {
				sourceId,
				source: options.source,
				layers: options.layers,
				initial: options.data(),
				beforeId: place.beforeId,
				onApplied: (data, updates) => {
					probe.updates = updates;
					probe.count = data.features.length;
					probe.ids = featureIds(data).join(',');
				},
				onError: (error) => console.error(`[haven map] ${sourceId}:`, error)
			});
			batch = current;
			probe.ready = true;
			const unclick = Object.entries(options.onClick ?? {}).map(([id, fn]) =>
				handle.clickable(id, fn)
			);
			return () => {
				for (const undo of unclick) undo();
				current.destroy();
				place.release();
				if (batch === current) batch = null;
				probe.ready = false;
				probe.count = 0;
				probe.ids = '';
				probe.updates = 0;
			};
		});
	});

	$effect(() => {
		// No map yet (the page is hydrating, MapLibre still loading): nothing to build the
		// features for. When the map comes, the effect above hands it the data as its first.
		if (!handle.map) return;
		const data = options.data();
		batch?.push(data);
	});

	return {
		name: options.name,
		sourceId,
		get ready() {
			return probe.ready;
		},
		get count() {
			return probe.count;
		},
		get ids() {
			return probe.ids;
		},
		get updates() {
			return probe.updates;
		}
	};
}
