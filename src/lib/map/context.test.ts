import { describe, expect, it } from 'vitest';
import { LAYER_ORDER, MapHandle, type FeatureClick } from './context.svelte';

describe('MapHandle.place: layer groups keep their stacking order whenever they are added', () => {
	const cases: {
		name: string;
		added: (keyof typeof LAYER_ORDER)[];
		next: keyof typeof LAYER_ORDER;
		before?: string;
	}[] = [
		{ name: 'first group goes on top', added: [], next: 'zones', before: undefined },
		{
			name: 'above everything present',
			added: ['sectors', 'route'],
			next: 'incidents',
			before: undefined
		},
		{
			name: 'below the nearest higher group',
			added: ['sectors', 'incidents', 'zones'],
			next: 'route',
			before: 'zones-0'
		},
		{ name: 'sectors below all', added: ['incidents', 'route'], next: 'sectors', before: 'route-0' }
	];
	it.each(cases)('$name', ({ added, next, before }) => {
		const handle = new MapHandle();
		for (const name of added) handle.place(LAYER_ORDER[name], [`${name}-0`, `${name}-1`]);
		expect(handle.place(LAYER_ORDER[next], [`${next}-0`]).beforeId).toBe(before);
	});

	it('a released group no longer counts', () => {
		const handle = new MapHandle();
		const zones = handle.place(LAYER_ORDER.zones, ['zones-0']);
		zones.release();
		expect(handle.place(LAYER_ORDER.route, ['route-0']).beforeId).toBeUndefined();
	});
});

describe('MapHandle clicks', () => {
	it('registers clickable layers, unregisters exactly its own handler, reports to the page', () => {
		const seen: FeatureClick[] = [];
		const handle = new MapHandle(() => (f) => seen.push(f));
		const first = () => undefined;
		const second = () => undefined;
		const undoFirst = handle.clickable('haven-zones', first);
		handle.clickable('haven-zones', second);
		undoFirst();
		expect(handle.clickableLayerIds).toEqual(['haven-zones']);
		expect(handle.handlerFor('haven-zones')).toBe(second);
		handle.featureClick({ layer: 'zone', id: 'z1' });
		expect(seen).toEqual([{ layer: 'zone', id: 'z1' }]);
	});

	it('without a page callback a click is simply ignored', () => {
		expect(() => new MapHandle().featureClick({ layer: 'incident', id: 'i1' })).not.toThrow();
	});
});
