/**
 * The map a layer component draws on, shared through Svelte context (never a global):
 * EventMap creates one MapHandle and sets it; every layer below it reads it.
 */
import { createContext } from 'svelte';
import type { Map as MaplibreMap, MapGeoJSONFeature } from 'maplibre-gl';

export type FeatureClick = { layer: 'zone' | 'incident' | 'marshal'; id: string };

/** What a layer does with a click on one of its features; `select` reports it to the page. */
export type LayerClickHandler = (
	feature: MapGeoJSONFeature,
	map: MaplibreMap,
	select: (f: FeatureClick) => void
) => void;

/**
 * Stacking order of the layer groups, bottom to top. A layer group added late (a layer
 * toggled on) still lands in its place, below any group with a higher number.
 */
export const LAYER_ORDER = {
	sectors: 10,
	hazards: 20,
	route: 30,
	zones: 40,
	escorts: 50,
	marshals: 60,
	incidents: 70
} as const;

type Group = { order: number; layerIds: readonly string[] };

export class MapHandle {
	/** The map, once it fired `load`; null before that and after it is removed. */
	map = $state.raw<MaplibreMap | null>(null);

	// Registries read by map event handlers only, never rendered: plain, not reactive.
	#groups: Group[] = [];
	#clickable: { layerId: string; handler: LayerClickHandler }[] = [];
	#onFeatureClick: () => ((f: FeatureClick) => void) | undefined;

	constructor(onFeatureClick: () => ((f: FeatureClick) => void) | undefined = () => undefined) {
		this.#onFeatureClick = onFeatureClick;
	}

	/**
	 * Claims a place in the stacking order. Returns the id of the layer the group must be
	 * inserted before (undefined: on top), and a release function for cleanup.
	 */
	place(order: number, layerIds: readonly string[]): { beforeId?: string; release: () => void } {
		let above: Group | undefined;
		for (const g of this.#groups) {
			if (g.order > order && g.layerIds.length && (!above || g.order < above.order)) above = g;
		}
		const group: Group = { order, layerIds };
		this.#groups.push(group);
		return {
			beforeId: above?.layerIds[0],
			release: () => (this.#groups = this.#groups.filter((g) => g !== group))
		};
	}

	/** Makes a map layer clickable (pointer cursor on hover). Returns the undo function. */
	clickable(layerId: string, handler: LayerClickHandler): () => void {
		const entry = { layerId, handler };
		this.#clickable = [...this.#clickable.filter((c) => c.layerId !== layerId), entry];
		return () => (this.#clickable = this.#clickable.filter((c) => c !== entry));
	}

	get clickableLayerIds(): string[] {
		return this.#clickable.map((c) => c.layerId);
	}

	handlerFor(layerId: string): LayerClickHandler | undefined {
		return this.#clickable.find((c) => c.layerId === layerId)?.handler;
	}

	/** Tells the page which zone, incident, sector or marshal was chosen on the map. */
	featureClick(f: FeatureClick): void {
		this.#onFeatureClick()?.(f);
	}
}

const [getMapContext, setMapContext] = createContext<MapHandle>();

export { getMapContext, setMapContext };
