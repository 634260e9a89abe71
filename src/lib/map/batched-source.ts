/**
 * One GeoJSON source and its layers, owned by one layer component.
 *
 * - Adds the source and its layers once, with the first data.
 * - Coalesces updates: any number of `push()` calls between two animation frames lead to
 *   exactly one `setData()` with the latest collection (never one per message).
 * - `destroy()` removes exactly what it added (its layers, then its source) and cancels a
 *   pending frame.
 *
 * No maplibre import at run time: it talks to the small `MapLike` surface below, which a
 * real map satisfies and a unit test can fake.
 */
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';

export type GeoJSONSourceLike = { setData(data: FeatureCollection): Promise<unknown> | unknown };

export type MapLike = {
	addSource(id: string, source: GeoJSONSourceSpecification): unknown;
	getSource(id: string): unknown;
	removeSource(id: string): unknown;
	addLayer(layer: LayerSpecification, beforeId?: string): unknown;
	getLayer(id: string): unknown;
	removeLayer(id: string): unknown;
};

/** A layer as a component declares it: everything but its source, which the batch fills in. */
export type LayerDef = LayerSpecification extends infer L
	? L extends { source: string }
		? Omit<L, 'source'>
		: never
	: never;

export type FrameScheduler = {
	request(callback: () => void): number;
	cancel(handle: number): void;
};

export const animationFrames: FrameScheduler = {
	request: (cb) => requestAnimationFrame(() => cb()),
	cancel: (handle) => cancelAnimationFrame(handle)
};

export type BatchedSourceOptions = {
	sourceId: string;
	/** Source options other than type and data (promoteId, cluster…). */
	source?: Omit<GeoJSONSourceSpecification, 'type' | 'data'>;
	layers: LayerDef[];
	initial: FeatureCollection;
	/** Insert the layers below this existing layer (keeps the stacking order stable). */
	beforeId?: string;
	/**
	 * Called once the map holds a collection: after adding (updates 0), then after each
	 * setData (updates: how many setData calls this source has made so far).
	 */
	onApplied?: (data: FeatureCollection, updates: number) => void;
	onError?: (error: unknown) => void;
	frames?: FrameScheduler;
};

export class FrameBatchedSource {
	readonly sourceId: string;
	readonly layerIds: readonly string[];
	#map: MapLike;
	#frames: FrameScheduler;
	#pending: FeatureCollection | null = null;
	/** The collection last given (initial or pushed): pushing the same object again is a no-op. */
	#latest: FeatureCollection;
	#frame: number | null = null;
	/** setData calls so far; also tells a settled setData whether newer data went out since. */
	#generation = 0;
	#destroyed = false;
	#options: BatchedSourceOptions;

	constructor(map: MapLike, options: BatchedSourceOptions) {
		this.#map = map;
		this.#options = options;
		this.#frames = options.frames ?? animationFrames;
		this.sourceId = options.sourceId;
		this.#latest = options.initial;
		this.layerIds = options.layers.map((l) => l.id);

		map.addSource(this.sourceId, {
			...options.source,
			type: 'geojson',
			data: options.initial
		});
		const beforeId =
			options.beforeId && map.getLayer(options.beforeId) ? options.beforeId : undefined;
		for (const layer of options.layers) {
			map.addLayer({ ...layer, source: this.sourceId } as LayerSpecification, beforeId);
		}
		options.onApplied?.(options.initial, 0);
	}

	/** Queues the latest collection; it reaches the map on the next animation frame. */
	push(data: FeatureCollection): void {
		if (this.#destroyed || data === this.#latest) return;
		this.#latest = data;
		this.#pending = data;
		if (this.#frame === null) this.#frame = this.#frames.request(() => this.flush());
	}

	/** Sends the queued collection now (the frame callback; also handy in tests). */
	flush(): void {
		this.#frame = null;
		const data = this.#pending;
		this.#pending = null;
		if (!data || this.#destroyed) return;
		const source = this.#map.getSource(this.sourceId) as GeoJSONSourceLike | undefined;
		if (!source) return;
		const generation = ++this.#generation;
		let sent: Promise<unknown>;
		try {
			sent = Promise.resolve(source.setData(data));
		} catch (error) {
			sent = Promise.reject(error);
		}
		sent.then(
			() => {
				// Report only the newest data: an older setData may settle after a newer one starts.
				if (!this.#destroyed && generation === this.#generation) {
					this.#options.onApplied?.(data, generation);
				}
			},
			(error) => this.#options.onError?.(error)
		);
	}

	/** How many times data went to the map after the first add (for tests and diagnostics). */
	get flushes(): number {
		return this.#generation;
	}

	get pending(): boolean {
		return this.#frame !== null;
	}

	/** Removes this component's layers and source, and nothing else. Safe to call twice. */
	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		if (this.#frame !== null) this.#frames.cancel(this.#frame);
		this.#frame = null;
		this.#pending = null;
		try {
			for (const id of [...this.layerIds].reverse()) {
				if (this.#map.getLayer(id)) this.#map.removeLayer(id);
			}
			if (this.#map.getSource(this.sourceId)) this.#map.removeSource(this.sourceId);
		} catch {
			// The map was removed first (its style is gone): nothing left to clean.
		}
	}
}
