import { distanceMetres, type LngLat } from '$lib/shared/geo-math';
import type { PresenceUpdate } from '$lib/shared/protocol';
import { isBatteryLow, type BatteryReading } from './battery';

/**
 * A marshal's phone sharing where it is with the control room, only while on shift.
 * The decision of when to send is pure (decideShare); startPositionSharing wires it
 * to the browser's geolocation watch with everything injected, so both are testable.
 */

export { LOW_BATTERY_LEVEL, isBatteryLow, watchBattery, type BatteryReading } from './battery';

/** "Every 5 s or 20 m, whichever comes later", and a heartbeat at least once a minute. */
export const SHARE_RULES = { minIntervalMs: 5_000, minMoveMetres: 20, heartbeatMs: 60_000 };
export type ShareRules = typeof SHARE_RULES;

/**
 * On a low battery that is not charging, a marshal's phone must last the night more than
 * the control room needs a dot every 5 s: every 30 s or 50 m, a heartbeat every 2 minutes.
 */
export const SAVING_RULES: ShareRules = {
	minIntervalMs: 30_000,
	minMoveMetres: 50,
	heartbeatMs: 120_000
};

/** The rules for the battery as it is; unknown (no API) counts as fine. */
export function rulesFor(battery: BatteryReading | null, normal = SHARE_RULES): ShareRules {
	return isBatteryLow(battery) ? SAVING_RULES : normal;
}

/** A position the phone reported. `at` is epoch ms. */
export type Fix = { position: LngLat; accuracy: number; at: number };
/** What was last sent, and when (epoch ms, the phone's clock). */
export type Sent = { position: LngLat; at: number };

export type ShareDecision =
	| { send: true; why: 'first' | 'moved' | 'heartbeat' }
	| { send: false; why: 'too-soon' | 'not-moved' };

/**
 * Whether to send `position` at `now`, given what was last sent. Never more often than
 * `minIntervalMs`; after that only when it moved `minMoveMetres` or more, or when
 * `heartbeatMs` passed (so the control room knows the phone is still there).
 */
export function decideShare(
	last: Sent | null,
	position: LngLat,
	now: number,
	rules: ShareRules = SHARE_RULES
): ShareDecision {
	if (!last) return { send: true, why: 'first' };
	const elapsed = now - last.at;
	// The phone's clock went backwards (set by hand, network time): start afresh.
	if (elapsed < 0) return { send: true, why: 'heartbeat' };
	if (elapsed < rules.minIntervalMs) return { send: false, why: 'too-soon' };
	if (distanceMetres(last.position, position) >= rules.minMoveMetres) {
		return { send: true, why: 'moved' };
	}
	if (elapsed >= rules.heartbeatMs) return { send: true, why: 'heartbeat' };
	return { send: false, why: 'not-moved' };
}

/** Six decimals is about 0.1 m: nothing finer is sent. Accuracy is capped as the protocol does. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
export function toFix(pos: GeolocationPosition): Fix {
	const accuracy = Number.isFinite(pos.coords.accuracy)
		? Math.min(100_000, Math.max(0, Math.round(pos.coords.accuracy)))
		: 100_000;
	return {
		position: [round6(pos.coords.longitude), round6(pos.coords.latitude)],
		accuracy,
		at: pos.timestamp
	};
}

/**
 * - waiting: watching, no position yet;
 * - sharing: positions are coming and being sent;
 * - lost: the phone cannot find its position just now (still trying);
 * - denied: location is blocked for this site; unsupported: no geolocation at all;
 * - off: not sharing (off shift, signed out).
 */
export type SharingStatus = 'off' | 'waiting' | 'sharing' | 'lost' | 'denied' | 'unsupported';

export type SharingSnapshot = {
	status: SharingStatus;
	/** When a position last left this phone (epoch ms), or null. */
	lastSentAt: number | null;
	/** The phone's last known position (for distances to jobs), even after it lost the signal. */
	lastFix: Fix | null;
	/** Sharing less often to save a low battery (SAVING_RULES). */
	saving: boolean;
};

export const SHARING_OFF: SharingSnapshot = {
	status: 'off',
	lastSentAt: null,
	lastFix: null,
	saving: false
};

export type SharingDeps = {
	geolocation: Pick<Geolocation, 'watchPosition' | 'clearWatch'> | null;
	/** Sends one update; false when it could not go (offline), so it is not counted as sent. */
	send(update: PresenceUpdate): boolean;
	onChange(snapshot: SharingSnapshot): void;
	now?: () => number;
	rules?: ShareRules;
	/** How often to look whether a heartbeat is due (the watch is silent while standing still). */
	tickMs?: number;
	timers?: { set(f: () => void, ms: number): unknown; clear(handle: unknown): void };
};

export type SharingControl = {
	/** Looks again now, e.g. when the connection comes back. */
	flush(): void;
	/** Stops watching (clearWatch) and reports `off`. Safe to call twice. */
	stop(): void;
	/** The battery changed: low and not charging shares by SAVING_RULES. */
	setBattery(battery: BatteryReading | null): void;
};

const intervalTimers = {
	set: (f: () => void, ms: number) => setInterval(f, ms),
	clear: (h: unknown) => clearInterval(h as ReturnType<typeof setInterval>)
};

/**
 * Watches the phone's position (battery-friendly: no high accuracy, cached fixes
 * welcome) and sends it by the rules above. A heartbeat repeats the latest position with
 * the current time: the watch only speaks when the phone moves, so silence means
 * "still here". After the phone loses its position, nothing is sent until a new fix.
 */
export function startPositionSharing(deps: SharingDeps): SharingControl {
	const now = deps.now ?? Date.now;
	const normal = deps.rules ?? SHARE_RULES;
	let battery: BatteryReading | null = null;
	const timers = deps.timers ?? intervalTimers;
	let snap: SharingSnapshot = { status: 'waiting', lastSentAt: null, lastFix: null, saving: false };
	let last: Sent | null = null;
	/** Whether lastFix is still believed current (no error since it came). */
	let fixIsLive = false;
	let watchId: number | null = null;
	let timer: unknown = null;
	let stopped = false;

	const emit = (next: Partial<SharingSnapshot>) => {
		snap = { ...snap, ...next };
		deps.onChange(snap);
	};

	function consider(fix: Fix, heartbeat: boolean) {
		const t = now();
		if (!decideShare(last, fix.position, t, rulesFor(battery, normal)).send) return;
		// A fresh fix carries its own time; a heartbeat vouches for the same spot now.
		const at = heartbeat ? t : Math.min(fix.at, t);
		const update: PresenceUpdate = {
			position: fix.position,
			accuracy: fix.accuracy,
			at: new Date(at).toISOString()
		};
		if (!deps.send(update)) return;
		last = { position: fix.position, at: t };
		emit({ lastSentAt: t });
	}

	function halt() {
		if (watchId !== null) deps.geolocation?.clearWatch(watchId);
		watchId = null;
		if (timer !== null) timers.clear(timer);
		timer = null;
	}

	if (!deps.geolocation) {
		emit({ status: 'unsupported' });
	} else {
		emit({});
		try {
			watchId = deps.geolocation.watchPosition(
				(pos) => {
					if (stopped) return;
					const fix = toFix(pos);
					fixIsLive = true;
					emit({ status: 'sharing', lastFix: fix });
					consider(fix, false);
				},
				(err) => {
					if (stopped) return;
					fixIsLive = false;
					if (err.code === 1) {
						halt();
						emit({ status: 'denied' });
					} else {
						// No fix just now, or it took too long: keep trying, but send nothing stale.
						emit({ status: 'lost' });
					}
				},
				{ enableHighAccuracy: false, maximumAge: 15_000 }
			);
		} catch {
			emit({ status: 'unsupported' });
		}
		if (watchId !== null) {
			timer = timers.set(() => {
				if (!stopped && fixIsLive && snap.lastFix) consider(snap.lastFix, true);
			}, deps.tickMs ?? 10_000);
		}
	}

	return {
		flush() {
			if (!stopped && fixIsLive && snap.lastFix) consider(snap.lastFix, true);
		},
		stop() {
			if (stopped) return;
			stopped = true;
			halt();
			emit({ ...SHARING_OFF });
		},
		setBattery(next) {
			if (stopped) return;
			battery = next;
			const saving = isBatteryLow(next);
			if (saving === snap.saving) return;
			emit({ saving });
			// Charging again: the control room gets the current position now, not in 30 s.
			if (!saving && fixIsLive && snap.lastFix) consider(snap.lastFix, true);
		}
	};
}

/**
 * The phone's position for a report: a recent enough fix if there is one, otherwise a
 * quick single reading. Resolves null (never throws) without GPS, permission or a fix
 * within `timeoutMs`.
 */
export function quickFix(
	geolocation: Pick<Geolocation, 'getCurrentPosition'> | null,
	timeoutMs = 4000
): Promise<Fix | null> {
	if (!geolocation) return Promise.resolve(null);
	return new Promise((resolve) => {
		let settled = false;
		const done = (f: Fix | null) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(f);
		};
		const timer = setTimeout(() => done(null), timeoutMs + 250);
		try {
			geolocation.getCurrentPosition(
				(pos) => done(toFix(pos)),
				() => done(null),
				{ enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 }
			);
		} catch {
			done(null);
		}
	});
}
