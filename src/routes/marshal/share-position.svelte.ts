/**
 * Position sharing for the marshal page: only on shift, only while this phone is signed
 * in. Ending the shift, revocation or leaving the page stops the watch (the effect's
 * cleanup). Call during component set-up: the effects belong to the component.
 */
import { untrack } from 'svelte';
import type { Connection, LiveEvent } from '$lib/client/live.svelte';
import {
	SHARING_OFF,
	quickFix,
	startPositionSharing,
	watchBattery,
	type Fix,
	type SharingControl,
	type SharingSnapshot
} from '$lib/client/position-sharing';

const geolocation = () =>
	typeof navigator !== 'undefined' && 'geolocation' in navigator ? navigator.geolocation : null;

export function useSharePosition(page: {
	live: () => LiveEvent | null;
	connection: () => Connection | null;
	/** On shift, signed in and linked: the watch runs while this is true. */
	shouldShare: () => boolean;
}) {
	let sharing = $state<SharingSnapshot>(SHARING_OFF);
	let sharingControl: SharingControl | null = null;

	$effect(() => {
		if (!page.shouldShare()) return;
		const link = untrack(page.live);
		if (!link) return;
		const control = startPositionSharing({
			geolocation: geolocation(),
			send: (update) => {
				if (link.connection !== 'live') return false;
				link.sharePosition(update);
				return true;
			},
			onChange: (snapshot) => (sharing = snapshot)
		});
		sharingControl = control;
		// A low battery shares less often (feature-detected; elsewhere nothing changes).
		const stopBattery = watchBattery(navigator, (b) => control.setBattery(b));
		return () => {
			stopBattery();
			control.stop();
			if (sharingControl === control) sharingControl = null;
		};
	});
	// Back online: the position goes again at once if it is due.
	$effect(() => {
		if (page.connection() === 'live') untrack(() => sharingControl?.flush());
	});

	return {
		/** What the position indicator shows, and the last fix for distances. */
		get snapshot(): SharingSnapshot {
			return sharing;
		},
		/** For a report: the shared position when it is current, else one quick reading. */
		locate(): Promise<Fix | null> {
			const fix = sharing.lastFix;
			if (fix && sharing.status === 'sharing' && Date.now() - fix.at < 120_000) {
				return Promise.resolve(fix);
			}
			return quickFix(geolocation(), 4000);
		}
	};
}
