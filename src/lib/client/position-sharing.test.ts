import { describe, expect, it } from 'vitest';
import type { LngLat } from '$lib/shared/geo';
import type { PresenceUpdate } from '$lib/shared/protocol';
import {
	SAVING_RULES,
	SHARE_RULES,
	decideShare,
	isBatteryLow,
	rulesFor,
	startPositionSharing,
	toFix,
	watchBattery,
	type BatteryReading,
	type SharingSnapshot
} from './position-sharing';

const HOME: LngLat = [174.7765, -41.2925];
/** A point `metres` north of `p` (a degree of latitude is about 111.2 km). */
const north = (p: LngLat, metres: number): LngLat => [p[0], p[1] + metres / 111_195];
const T0 = Date.parse('2026-02-14T08:00:00.000Z');
const s = (n: number) => n * 1000;

describe('decideShare: every 5 s or 20 m, whichever comes later; a heartbeat every 60 s', () => {
	// [name, seconds since last sent, metres moved, send?, why]
	const cases: [string, number, number, boolean, string][] = [
		['moved far but too soon', 2, 500, false, 'too-soon'],
		['just under the interval', 4.999, 30, false, 'too-soon'],
		['interval passed and moved 20 m', 5, 20.5, true, 'moved'],
		['interval passed and moved far', 12, 300, true, 'moved'],
		['interval passed, moved only 19 m', 6, 19, false, 'not-moved'],
		['standing still for 59 s', 59, 0, false, 'not-moved'],
		['standing still for 60 s: heartbeat', 60, 0, true, 'heartbeat'],
		['drifting a little for 90 s: heartbeat', 90, 5, true, 'heartbeat'],
		['clock went backwards: start afresh', -30, 0, true, 'heartbeat']
	];
	it.each(cases)('%s', (_name, seconds, metres, send, why) => {
		const decision = decideShare({ position: HOME, at: T0 }, north(HOME, metres), T0 + s(seconds));
		expect(decision).toEqual({ send, why });
	});

	it('sends the first position at once', () => {
		expect(decideShare(null, HOME, T0)).toEqual({ send: true, why: 'first' });
	});

	it('takes other rules', () => {
		const rules = { minIntervalMs: 1000, minMoveMetres: 100, heartbeatMs: 10_000 };
		expect(decideShare({ position: HOME, at: T0 }, north(HOME, 50), T0 + 2000, rules).send).toBe(
			false
		);
		expect(decideShare({ position: HOME, at: T0 }, north(HOME, 150), T0 + 2000, rules).send).toBe(
			true
		);
	});
});

/** A geolocation the test drives by hand, and a clock and timer it moves. */
function fakePhone() {
	let onFix: PositionCallback | null = null;
	let onError: PositionErrorCallback | null | undefined = null;
	let ticker: (() => void) | null = null;
	const cleared: number[] = [];
	let options: PositionOptions | undefined;
	const clock = { t: T0 };
	const geolocation = {
		watchPosition(ok: PositionCallback, err?: PositionErrorCallback | null, o?: PositionOptions) {
			onFix = ok;
			onError = err;
			options = o;
			return 7;
		},
		clearWatch: (id: number) => void cleared.push(id)
	};
	const sent: PresenceUpdate[] = [];
	const snaps: SharingSnapshot[] = [];
	let online = true;
	const control = startPositionSharing({
		geolocation,
		send: (u) => (online ? (sent.push(u), true) : false),
		onChange: (snap) => snaps.push(snap),
		now: () => clock.t,
		timers: {
			set: (f) => ((ticker = f), 1),
			clear: () => (ticker = null)
		}
	});
	return {
		control,
		sent,
		snaps,
		cleared,
		get options() {
			return options;
		},
		get watching() {
			return ticker !== null;
		},
		setOnline: (v: boolean) => (online = v),
		/** The phone reports `p`, `seconds` after T0. */
		fix(p: LngLat, seconds: number, accuracy = 12) {
			clock.t = T0 + s(seconds);
			onFix?.({
				coords: { longitude: p[0], latitude: p[1], accuracy },
				timestamp: clock.t
			} as GeolocationPosition);
		},
		error(code: 1 | 2 | 3) {
			onError?.({ code, message: 'x' } as GeolocationPositionError);
		},
		tick(seconds: number) {
			clock.t = T0 + s(seconds);
			ticker?.();
		},
		get last() {
			return snaps[snaps.length - 1];
		}
	};
}

describe('startPositionSharing', () => {
	it('watches without high accuracy and sends the first fix', () => {
		const phone = fakePhone();
		expect(phone.last.status).toBe('waiting');
		expect(phone.options).toMatchObject({ enableHighAccuracy: false });
		phone.fix(HOME, 0);
		expect(phone.sent).toEqual([{ position: HOME, accuracy: 12, at: new Date(T0).toISOString() }]);
		expect(phone.last).toMatchObject({ status: 'sharing', lastSentAt: T0 });
	});

	it('throttles by time and distance, and beats the heart while standing still', () => {
		const phone = fakePhone();
		phone.fix(HOME, 0);
		phone.fix(north(HOME, 100), 3); // too soon
		phone.fix(north(HOME, 110), 6); // 110 m from the last sent: goes
		phone.fix(north(HOME, 115), 20); // 5 m: stays
		phone.tick(50); // 44 s since: nothing
		phone.tick(70); // 64 s since: heartbeat with the latest position, stamped now
		expect(phone.sent.map((u) => u.at)).toEqual([
			new Date(T0).toISOString(),
			new Date(T0 + s(6)).toISOString(),
			new Date(T0 + s(70)).toISOString()
		]);
		expect(phone.sent[2].position).toEqual(north(HOME, 115).map((n) => Math.round(n * 1e6) / 1e6));
	});

	it('does not count what could not go, and sends again once back online', () => {
		const phone = fakePhone();
		phone.setOnline(false);
		phone.fix(HOME, 0);
		expect(phone.sent).toHaveLength(0);
		expect(phone.last.lastSentAt).toBeNull();
		phone.setOnline(true);
		phone.control.flush();
		expect(phone.sent).toHaveLength(1);
	});

	it('sends nothing stale after losing the position, and resumes with a new fix', () => {
		const phone = fakePhone();
		phone.fix(HOME, 0);
		phone.error(2);
		expect(phone.last.status).toBe('lost');
		// Still known for distances, but no heartbeat vouches for it.
		expect(phone.last.lastFix?.position).toEqual(HOME);
		phone.tick(120);
		expect(phone.sent).toHaveLength(1);
		phone.fix(HOME, 130);
		expect(phone.sent).toHaveLength(2);
		expect(phone.last.status).toBe('sharing');
	});

	it('stops watching when location is denied', () => {
		const phone = fakePhone();
		phone.error(1);
		expect(phone.last.status).toBe('denied');
		expect(phone.cleared).toEqual([7]);
		expect(phone.watching).toBe(false);
	});

	it('stops with clearWatch, once, and reports off', () => {
		const phone = fakePhone();
		phone.fix(HOME, 0);
		phone.control.stop();
		phone.control.stop();
		expect(phone.cleared).toEqual([7]);
		expect(phone.last).toEqual({ status: 'off', lastSentAt: null, lastFix: null, saving: false });
		phone.fix(north(HOME, 500), 100);
		phone.control.flush();
		expect(phone.sent).toHaveLength(1);
	});

	it('says so when the phone has no geolocation', () => {
		const snaps: SharingSnapshot[] = [];
		startPositionSharing({ geolocation: null, send: () => true, onChange: (x) => snaps.push(x) });
		expect(snaps.at(-1)?.status).toBe('unsupported');
	});
});

describe('toFix', () => {
	it('rounds to six decimals and caps accuracy', () => {
		const fix = toFix({
			coords: { longitude: 174.77651234, latitude: -41.29251234, accuracy: 1e9 },
			timestamp: T0
		} as GeolocationPosition);
		expect(fix).toEqual({ position: [174.776512, -41.292512], accuracy: 100_000, at: T0 });
	});
});

it('keeps the documented rules', () => {
	expect(SHARE_RULES).toEqual({ minIntervalMs: 5000, minMoveMetres: 20, heartbeatMs: 60_000 });
});

describe('battery: low and not charging shares every 30 s or 50 m', () => {
	it.each([
		[null, false],
		[{ level: 0.21, charging: false }, false],
		[{ level: 0.2, charging: false }, true],
		[{ level: 0.05, charging: false }, true],
		[{ level: 0.05, charging: true }, false]
	] as [BatteryReading | null, boolean][])('%o low: %s', (battery, low) => {
		expect(isBatteryLow(battery)).toBe(low);
		expect(rulesFor(battery)).toBe(low ? SAVING_RULES : SHARE_RULES);
	});

	it('keeps the documented saving rules', () => {
		expect(SAVING_RULES).toEqual({
			minIntervalMs: 30_000,
			minMoveMetres: 50,
			heartbeatMs: 120_000
		});
	});

	it('sends less often on a low battery, says so, and catches up when charging', () => {
		const phone = fakePhone();
		phone.fix(HOME, 0);
		phone.control.setBattery({ level: 0.15, charging: false });
		expect(phone.last.saving).toBe(true);
		phone.fix(north(HOME, 100), 10); // would go at 5 s / 20 m; not at 30 s / 50 m
		phone.fix(north(HOME, 130), 29); // 130 m but under 30 s
		expect(phone.sent).toHaveLength(1);
		phone.fix(north(HOME, 140), 31);
		expect(phone.sent).toHaveLength(2);
		phone.fix(north(HOME, 180), 62); // 40 m: under 50 m, and no heartbeat before 2 min
		phone.tick(140);
		expect(phone.sent).toHaveLength(2);
		phone.tick(152); // 121 s since the last: heartbeat
		expect(phone.sent).toHaveLength(3);
		phone.fix(north(HOME, 230), 160); // 50 m, only 8 s
		phone.control.setBattery({ level: 0.15, charging: true });
		expect(phone.last.saving).toBe(false);
		expect(phone.sent).toHaveLength(4);
	});
});

describe('watchBattery', () => {
	function fakeBattery(level: number, charging: boolean) {
		const target = new EventTarget() as EventTarget & { level: number; charging: boolean };
		target.level = level;
		target.charging = charging;
		return target;
	}

	it('reports the battery now and on each change, until stopped', async () => {
		const battery = fakeBattery(0.5, false);
		const seen: BatteryReading[] = [];
		const stop = watchBattery({ getBattery: async () => battery }, (b) => seen.push(b));
		await Promise.resolve();
		await Promise.resolve();
		battery.level = 0.18;
		battery.dispatchEvent(new Event('levelchange'));
		battery.charging = true;
		battery.dispatchEvent(new Event('chargingchange'));
		stop();
		battery.dispatchEvent(new Event('levelchange'));
		expect(seen).toEqual([
			{ level: 0.5, charging: false },
			{ level: 0.18, charging: false },
			{ level: 0.18, charging: true }
		]);
	});

	it('does nothing without the API', () => {
		const seen: BatteryReading[] = [];
		watchBattery({}, (b) => seen.push(b))();
		watchBattery(null, (b) => seen.push(b))();
		expect(seen).toEqual([]);
	});
});
