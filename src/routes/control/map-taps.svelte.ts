/**
 * What a tap on the control room's map does: a feature opens or shows itself (an incident
 * its record, a marshal or zone its row in the list); a tap on the map itself sets a
 * hazard's centre while the hazards panel is picking one. Call during component set-up.
 */
import { tick } from 'svelte';
import type { FeatureClick } from '$lib/map/context.svelte';
import type { LngLat } from '$lib/shared/model';

export function useMapTaps(page: { openRecord: (incidentId: string) => void }) {
	let highlightMarshal = $state<string | null>(null);
	// Picking a hazard's centre: the next tap on the map (not on a feature) sets it.
	let pickingHazard = $state(false);
	let hazardSpot = $state<LngLat | null>(null);

	return {
		/** The marshal last tapped on the map, highlighted in the roster. */
		get highlightMarshal(): string | null {
			return highlightMarshal;
		},
		get hazardSpot(): LngLat | null {
			return hazardSpot;
		},
		/** Bound to the hazards panel: true while it waits for a tap on the map. */
		get pickingHazard(): boolean {
			return pickingHazard;
		},
		set pickingHazard(picking: boolean) {
			pickingHazard = picking;
		},
		mapTapped(p: LngLat): void {
			if (!pickingHazard) return;
			hazardSpot = p;
			pickingHazard = false;
		},
		/** A tap on the map: an incident opens its record; a marshal or zone is shown in its list. */
		async showFeature(f: FeatureClick): Promise<void> {
			if (f.layer === 'incident') {
				page.openRecord(f.id);
				return;
			}
			if (f.layer === 'marshal') highlightMarshal = f.id;
			// The roster renders a page at a time: the picked marshal's row appears on the next tick.
			await tick();
			const el = document.getElementById(`${f.layer}-item-${f.id}`);
			el?.scrollIntoView({ block: 'nearest' });
			el?.focus({ preventScroll: true });
		}
	};
}
