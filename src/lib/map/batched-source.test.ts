import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { FrameBatchedSource, type FrameScheduler, type MapLike } from './batched-source';

function fc(...ids: string[]): FeatureCollection {
	return {
		type: 'FeatureCollection',
		features: ids.map((id) => ({
			type: 'Feature',
			id,
			geometry: { type: 'Point', coordinates: [0, 0] },
			properties: { id }
		}))
	};
}

/** A map that records calls, with any number of pre-existing sources and layers. */
function fakeMap(existingLayers: string[] = ['background']) {
	const calls: string[] = [];
	const setData: FeatureCollection[] = [];
	const sources = new Map<string, unknown>([['other', {}]]);
	const layers: string[] = [...existingLayers];
	const map: MapLike = {
		addSource(id) {
			calls.push(`addSource ${id}`);
			sources.set(id, {
				setData: (data: FeatureCollection) => {
					setData.push(data);
					return Promise.resolve();
				}
			});
		},
		getSource: (id) => sources.get(id),
		removeSource(id) {
			calls.push(`removeSource ${id}`);
			sources.delete(id);
		},
		addLayer(layer, beforeId) {
			calls.push(`addLayer ${layer.id} ${'source' in layer ? layer.source : ''} ${beforeId ?? ''}`);
			const at = beforeId ? layers.indexOf(beforeId) : -1;
			if (at >= 0) layers.splice(at, 0, layer.id);
			else layers.push(layer.id);
		},
		getLayer: (id) => (layers.includes(id) ? { id } : undefined),
		removeLayer(id) {
			calls.push(`removeLayer ${id}`);
			layers.splice(layers.indexOf(id), 1);
		}
	};
	return { map, calls, setData, sources, layers };
}

/** Frames that run only when the test says so. */
function manualFrames() {
	let next = 1;
	const queued = new Map<number, () => void>();
	const frames: FrameScheduler = {
		request(cb) {
			queued.set(next, cb);
			return next++;
		},
		cancel: (h) => void queued.delete(h)
	};
	return {
		frames,
		get queued() {
			return queued.size;
		},
		tick() {
			const due = [...queued.values()];
			queued.clear();
			for (const cb of due) cb();
		}
	};
}

const layers = [
	{ id: 'haven-zones', type: 'circle' as const },
	{ id: 'haven-zones-ring', type: 'circle' as const }
];

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FrameBatchedSource', () => {
	it('adds its source with the first data, then its layers bound to it', () => {
		const { map, calls, layers: onMap } = fakeMap();
		const applied: number[] = [];
		new FrameBatchedSource(map, {
			sourceId: 'haven-zones',
			source: { promoteId: 'id' },
			layers,
			initial: fc('a', 'b'),
			onApplied: (d) => applied.push(d.features.length),
			frames: manualFrames().frames
		});
		expect(calls).toEqual([
			'addSource haven-zones',
			'addLayer haven-zones haven-zones ',
			'addLayer haven-zones-ring haven-zones '
		]);
		expect(onMap).toEqual(['background', 'haven-zones', 'haven-zones-ring']);
		expect(applied).toEqual([2]);
	});

	const bursts = [
		{ name: 'one update', pushes: 1 },
		{ name: 'a burst of ten messages', pushes: 10 },
		{ name: 'a burst of a thousand messages', pushes: 1000 }
	];
	it.each(bursts)('$name in one frame is one setData with the latest data', async ({ pushes }) => {
		const { map, setData } = fakeMap();
		const clock = manualFrames();
		const applied: string[][] = [];
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial: fc(),
			onApplied: (d) => applied.push(d.features.map((f) => String(f.id))),
			frames: clock.frames
		});
		for (let i = 1; i <= pushes; i++)
			batch.push(fc(...Array.from({ length: i }, (_, j) => `f${j}`)));
		expect(setData).toHaveLength(0);
		expect(clock.queued).toBe(1);
		clock.tick();
		await settle();
		expect(setData).toHaveLength(1);
		expect(setData[0].features).toHaveLength(pushes);
		expect(batch.flushes).toBe(1);
		expect(applied.at(-1)).toHaveLength(pushes);
	});

	it('sends once per frame across frames, and not at all for a quiet frame', async () => {
		const { map, setData } = fakeMap();
		const clock = manualFrames();
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial: fc(),
			frames: clock.frames
		});
		batch.push(fc('a'));
		batch.push(fc('a', 'b'));
		clock.tick();
		clock.tick();
		batch.push(fc('c'));
		clock.tick();
		await settle();
		expect(setData.map((d) => d.features.length)).toEqual([2, 1]);
	});

	it('ignores the collection it already has (no redundant setData)', async () => {
		const { map, setData } = fakeMap();
		const clock = manualFrames();
		const initial = fc('a');
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial,
			frames: clock.frames
		});
		batch.push(initial);
		expect(clock.queued).toBe(0);
		const next = fc('a', 'b');
		batch.push(next);
		clock.tick();
		batch.push(next);
		clock.tick();
		await settle();
		expect(setData).toEqual([next]);
	});

	it('counts the updates it reports', async () => {
		const { map } = fakeMap();
		const clock = manualFrames();
		const reports: [number, number][] = [];
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial: fc(),
			onApplied: (d, updates) => reports.push([d.features.length, updates]),
			frames: clock.frames
		});
		batch.push(fc('a'));
		clock.tick();
		await settle();
		batch.push(fc('a', 'b'));
		clock.tick();
		await settle();
		expect(reports).toEqual([
			[0, 0],
			[1, 1],
			[2, 2]
		]);
	});

	it('inserts below a given layer when it exists, on top otherwise', () => {
		const a = fakeMap(['background', 'haven-incidents']);
		new FrameBatchedSource(a.map, {
			sourceId: 's',
			layers,
			initial: fc(),
			beforeId: 'haven-incidents',
			frames: manualFrames().frames
		});
		expect(a.layers).toEqual(['background', 'haven-zones', 'haven-zones-ring', 'haven-incidents']);

		const b = fakeMap(['background']);
		new FrameBatchedSource(b.map, {
			sourceId: 's',
			layers,
			initial: fc(),
			beforeId: 'missing',
			frames: manualFrames().frames
		});
		expect(b.layers).toEqual(['background', 'haven-zones', 'haven-zones-ring']);
	});

	it('removes exactly what it added, cancels the pending frame, and is idempotent', async () => {
		const { map, calls, setData, sources, layers: onMap } = fakeMap();
		const clock = manualFrames();
		const batch = new FrameBatchedSource(map, {
			sourceId: 'haven-zones',
			layers,
			initial: fc(),
			frames: clock.frames
		});
		batch.push(fc('late'));
		calls.length = 0;
		batch.destroy();
		batch.destroy();
		expect(calls).toEqual([
			'removeLayer haven-zones-ring',
			'removeLayer haven-zones',
			'removeSource haven-zones'
		]);
		expect(onMap).toEqual(['background']);
		expect([...sources.keys()]).toEqual(['other']);
		expect(clock.queued).toBe(0);
		batch.push(fc('after'));
		clock.tick();
		await settle();
		expect(setData).toHaveLength(0);
	});

	it('survives a map that was removed before it', () => {
		const { map } = fakeMap();
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial: fc(),
			frames: manualFrames().frames
		});
		map.getLayer = () => {
			throw new TypeError("Cannot read properties of null (reading 'getLayer')");
		};
		expect(() => batch.destroy()).not.toThrow();
	});

	it('reports a failed setData without throwing', async () => {
		const { map, sources } = fakeMap();
		const clock = manualFrames();
		const errors: unknown[] = [];
		const batch = new FrameBatchedSource(map, {
			sourceId: 's',
			layers,
			initial: fc(),
			onError: (e) => errors.push(e),
			frames: clock.frames
		});
		sources.set('s', { setData: () => Promise.reject(new Error('worker gone')) });
		batch.push(fc('a'));
		clock.tick();
		await settle();
		expect(errors).toHaveLength(1);
	});
});
