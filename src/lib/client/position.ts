import type { LngLat } from '$lib/shared/geo';

/** Metres are plenty: six decimals is about 0.1 m, and nothing finer is sent. */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * The phone's position for a report, or null when there is no GPS, no permission,
 * or no fix within `timeoutMs`. Never throws, never waits longer than asked.
 */
export function currentPosition(timeoutMs = 5000): Promise<LngLat | null> {
	if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
		return Promise.resolve(null);
	}
	return new Promise((resolve) => {
		let settled = false;
		const done = (p: LngLat | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(p);
		};
		const timer = setTimeout(() => done(null), timeoutMs + 250);
		try {
			navigator.geolocation.getCurrentPosition(
				(pos) => done([round(pos.coords.longitude), round(pos.coords.latitude)]),
				() => done(null),
				{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 }
			);
		} catch {
			done(null);
		}
	});
}
