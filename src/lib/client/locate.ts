/**
 * The phone's position for the nearest safe spot, only when the visitor asks (or has
 * already allowed it). Kept on the phone: callers use it for sums and a map marker.
 */
import type { LngLat } from '$lib/shared/geo-math';

export type LocateResult =
	| { ok: true; lngLat: LngLat; accuracy: number }
	| { ok: false; reason: 'denied' | 'unavailable' | 'timeout' | 'unsupported' };

export const LOCATE_PROBLEMS: Record<Exclude<LocateResult, { ok: true }>['reason'], string> = {
	denied: 'Location is not allowed for this page.',
	unavailable: 'Your phone could not find its location.',
	timeout: 'Finding your location took too long.',
	unsupported: 'This browser cannot share its location.'
};

/** 'granted' means we may locate without asking; anything else waits for a tap. */
export async function geolocationPermission(): Promise<PermissionState | 'unknown'> {
	try {
		if (!navigator.permissions?.query) return 'unknown';
		return (await navigator.permissions.query({ name: 'geolocation' })).state;
	} catch {
		return 'unknown';
	}
}

/**
 * One fix; never throws, never waits much longer than `timeoutMs`. Unless `fresh`, a fix up
 * to a minute old is fine for walking distances (quicker, and kinder to a flat battery).
 */
export function locate(fresh = false, timeoutMs = 10_000): Promise<LocateResult> {
	if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
		return Promise.resolve({ ok: false, reason: 'unsupported' });
	}
	return new Promise((resolve) => {
		let settled = false;
		const done = (r: LocateResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(r);
		};
		const timer = setTimeout(() => done({ ok: false, reason: 'timeout' }), timeoutMs + 500);
		try {
			navigator.geolocation.getCurrentPosition(
				(pos) =>
					done({
						ok: true,
						lngLat: [pos.coords.longitude, pos.coords.latitude],
						accuracy: pos.coords.accuracy
					}),
				(err) =>
					done({
						ok: false,
						reason:
							err.code === err.PERMISSION_DENIED
								? 'denied'
								: err.code === err.TIMEOUT
									? 'timeout'
									: 'unavailable'
					}),
				{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: fresh ? 0 : 60_000 }
			);
		} catch {
			done({ ok: false, reason: 'unavailable' });
		}
	});
}
