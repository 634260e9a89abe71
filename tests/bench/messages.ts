/**
 * What the orchestrator and its children tell each other, and the payloads both
 * benchmark targets receive (the same for Haven and for bare Socket.IO).
 */
import type { LngLat } from '$lib/shared/geo';
import { newId } from '$lib/shared/ids';
import { INCIDENT_CATEGORIES } from '$lib/shared/model';

export type Target = 'haven' | 'bare';

/** One simulated client, as the orchestrator hands it to a worker. */
export type ClientSpec = {
	/** Dashboard index (dashboards) or marshal id (marshals). */
	key: string;
	kind: 'marshal' | 'dashboard';
	url: string;
	auth: Record<string, unknown>;
	/** Its own client IP, so per-IP rate limits see 520 people, not one. */
	forwardedFor: string;
	reporter: boolean;
};

export type ConnectResult = { connected: number; failed: string[] };
export type ShiftResult = { ok: number; retries: number; errors: Record<string, number> };

export type ReportsRequest = {
	/** Wall-clock ms (Date.now) of the first report of the whole schedule. */
	t0: number;
	/** Reports per second, all workers together. */
	rate: number;
	durationMs: number;
	/** This worker sends reports number slot, slot + slots, slot + 2 * slots, ... */
	slot: number;
	slots: number;
	descriptionChars: number;
	ackTimeoutMs: number;
};

export type ReportsResult = {
	sent: number;
	ok: number;
	/** Refusals by ack code; `timeout` when no ack came. */
	errors: Record<string, number>;
	/** Command round trips of acked reports, ms. */
	ackMs: number[];
	/** How far behind schedule sends went, worst case, ms (the worker's own lag). */
	worstLateMs: number;
};

/** incidentId, send time (`now()`, ms) and the reporting marshal's key. */
export type Send = [incidentId: string, at: number, reporter: string];
/** Dashboard key, incidentId, receive time. */
export type Receipt = [dashboard: string, incidentId: string, at: number];

export type CollectResult = {
	sends: Send[];
	receipts: Receipt[];
	/** The same incident delivered twice to one dashboard. */
	duplicates: number;
	/** Connections lost during the run. */
	disconnects: number;
	presenceBatches: number;
	journalBatches: number;
};

/**
 * A clock comparable across processes on one machine, sub-millisecond: the system's monotonic
 * clock (`CLOCK_MONOTONIC`, one for every process). Not `performance.timeOrigin + now()`: each
 * process's origin is the wall clock when it started, and while NTP slews the wall clock (a
 * machine that booted minutes ago), processes started seconds apart disagree by a millisecond
 * or more; a run measured a dashboard receiving a report 1.4 ms before it was sent.
 */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Central Wellington, where the demo event is. */
export const CENTRE: LngLat = [174.78, -41.29];

/** A point within about `metres` of `from`. */
export function jitter(from: LngLat, metres: number): LngLat {
	const dLat = ((Math.random() * 2 - 1) * metres) / 111_320;
	const dLng = ((Math.random() * 2 - 1) * metres) / (111_320 * Math.cos((from[1] * Math.PI) / 180));
	return [round6(from[0] + dLng), round6(from[1] + dLat)];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function presenceUpdate(position: LngLat) {
	return {
		position,
		accuracy: 5 + Math.round(Math.random() * 25),
		at: new Date().toISOString()
	};
}

const FILLER =
	'Person in distress near the stage barrier, friends are with them but they are not responding ' +
	'well; crowd is dense here and getting denser, please send someone with first-aid training ' +
	'and a radio. Access from the side street is clear. ';

export function reportPayload(n: number, descriptionChars: number) {
	const head = `Bench report ${n}: `;
	let description = head;
	while (description.length < descriptionChars) description += FILLER;
	return {
		commandId: newId(),
		incidentId: newId(),
		category: INCIDENT_CATEGORIES[n % INCIDENT_CATEGORIES.length],
		severity: 1 + (n % 4),
		position: jitter(CENTRE, 800),
		description: description.slice(0, descriptionChars).trim(),
		onBehalf: false
	};
}
export type ReportPayload = ReturnType<typeof reportPayload>;
