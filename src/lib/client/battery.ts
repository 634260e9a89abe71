/**
 * The phone's battery as the Battery Status API reports it, and when it counts as low (then
 * position sharing saves it: SAVING_RULES in position-sharing.ts).
 */

export const LOW_BATTERY_LEVEL = 0.2;

/** What the Battery Status API says: level 0-1. */
export type BatteryReading = { level: number; charging: boolean };

export function isBatteryLow(battery: BatteryReading | null): boolean {
	return battery !== null && !battery.charging && battery.level <= LOW_BATTERY_LEVEL;
}

type BatteryManagerLike = EventTarget & { level: number; charging: boolean };

/**
 * Calls `onChange` with the battery now and on every change, where the browser has the
 * Battery Status API (Chromium on Android; not Safari or Firefox: there nothing is called
 * and sharing keeps its normal rules). Returns a function that stops listening.
 */
export function watchBattery(
	nav: object | null,
	onChange: (battery: BatteryReading) => void
): () => void {
	if (!nav || !('getBattery' in nav) || typeof nav.getBattery !== 'function') return () => {};
	const getBattery = nav.getBattery as () => Promise<BatteryManagerLike>;
	let stopped = false;
	let manager: BatteryManagerLike | null = null;
	const report = () => {
		if (!stopped && manager) onChange({ level: manager.level, charging: manager.charging });
	};
	getBattery.call(nav).then(
		(m) => {
			if (stopped) return;
			manager = m;
			m.addEventListener('levelchange', report);
			m.addEventListener('chargingchange', report);
			report();
		},
		() => undefined
	);
	return () => {
		stopped = true;
		manager?.removeEventListener('levelchange', report);
		manager?.removeEventListener('chargingchange', report);
	};
}
