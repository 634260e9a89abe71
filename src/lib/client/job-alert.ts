import {
	bearingDegrees,
	directionWords,
	distanceMetres,
	formatDistance,
	type LngLat
} from '$lib/shared/geo-math';
import type { Incident, Job, JobState } from '$lib/shared/model';
import { CATEGORY_LABELS } from '$lib/shared/categories';
import { byCodePoint } from '$lib/shared/text-order';

/**
 * A marshal's jobs: which need attention, and what alert a change deserves. The
 * decisions are pure and tested; createAlerter() plays them (vibration, a beep).
 */

/** Waiting for the marshal's answer. A timed-out offer may still be accepted. */
export const ANSWER_STATES: readonly JobState[] = ['offered', 'timed-out'];
/** Taken and under way. */
export const ACTIVE_STATES: readonly JobState[] = ['accepted', 'on-scene'];

export const needsAnswer = (j: Job) => ANSWER_STATES.includes(j.state);
export const isActive = (j: Job) => ACTIVE_STATES.includes(j.state);

const RANK: Record<JobState, number> = {
	offered: 0,
	'timed-out': 1,
	'on-scene': 2,
	accepted: 3,
	withdrawn: 4,
	resolved: 4,
	declined: 4
};

/**
 * This marshal's jobs: `open` (to answer first, newest first; then under way) and
 * `past` (finished, most recent first, at most `pastLimit`).
 */
export function sortJobs(
	jobs: Record<string, Job>,
	marshalId: string,
	pastLimit = 5
): { open: Job[]; past: Job[] } {
	const mine = Object.values(jobs).filter((j) => j.marshalId === marshalId);
	const open = mine
		.filter((j) => needsAnswer(j) || isActive(j))
		.sort((a, b) => RANK[a.state] - RANK[b.state] || byCodePoint(b.offeredAt, a.offeredAt));
	const past = mine
		.filter((j) => !needsAnswer(j) && !isActive(j))
		.sort((a, b) => byCodePoint(b.updatedAt, a.updatedAt))
		.slice(0, pastLimit);
	return { open, past };
}

export type AlertKind = 'offer' | 'withdrawn';
export type JobAlert = { kind: AlertKind; jobId: string };

/**
 * What changed since `seen` (job id -> state last looked at) that the marshal must
 * notice: a new offer (including offers already waiting when the page opens), or a job
 * they had or were asked for taken back. Returns the alerts and the new `seen`.
 */
export function jobAlerts(
	seen: ReadonlyMap<string, JobState>,
	jobs: readonly Job[]
): { alerts: JobAlert[]; seen: Map<string, JobState> } {
	const alerts: JobAlert[] = [];
	const next = new Map(seen);
	for (const job of jobs) {
		const before = seen.get(job.id);
		next.set(job.id, job.state);
		if (before === job.state) continue;
		if (job.state === 'offered' && before === undefined) {
			alerts.push({ kind: 'offer', jobId: job.id });
		} else if (job.state === 'withdrawn' && before !== undefined) {
			alerts.push({ kind: 'withdrawn', jobId: job.id });
		}
	}
	return { alerts, seen: next };
}

/** How often an unanswered offer alerts again: one beep is easy to miss in a crowd. */
export const REMIND_EVERY_MS = 30_000;

/** Whether an offer still waiting for an answer should alert again at `now`. */
export function reminderDue(
	job: Job,
	lastAlertAt: number | undefined,
	now: number,
	everyMs = REMIND_EVERY_MS
): boolean {
	if (job.state !== 'offered' || lastAlertAt === undefined) return false;
	if (now >= Date.parse(job.respondBy)) return false;
	return now - lastAlertAt >= everyMs;
}

export type Tone = { hz: number; ms: number };
export type AlertPlan = { vibrate: number[]; tones: Tone[] };

/** Vibration always (it is discreet); sound unless muted. */
export function alertPlan(kind: AlertKind, muted: boolean): AlertPlan {
	const plan: AlertPlan =
		kind === 'offer'
			? {
					vibrate: [400, 150, 400, 150, 400],
					tones: [
						{ hz: 880, ms: 180 },
						{ hz: 1175, ms: 180 },
						{ hz: 880, ms: 180 },
						{ hz: 1175, ms: 260 }
					]
				}
			: {
					vibrate: [250, 120, 250],
					tones: [
						{ hz: 660, ms: 220 },
						{ hz: 440, ms: 320 }
					]
				};
	return muted ? { ...plan, tones: [] } : plan;
}

/** Within this, "here" reads better than a distance. */
const HERE_METRES = 15;

/** "About 250 m north-east of you", from the phone's last known position. */
export function describeWhere(from: LngLat | null | undefined, to: LngLat | undefined): string {
	if (!to) return 'No map position given: see the description.';
	if (!from) return 'Distance unknown: this phone has no position yet.';
	const metres = distanceMetres(from, to);
	if (metres < HERE_METRES) return 'Right where you are.';
	return `About ${formatDistance(metres)} ${directionWords(bearingDegrees(from, to))} of you.`;
}

/** What a screen reader says when an alert comes. */
export function announce(
	kind: AlertKind,
	incident: Pick<Incident, 'category' | 'severity' | 'position'> | undefined,
	from: LngLat | null | undefined
): string {
	if (kind === 'withdrawn') return 'A job was withdrawn by the control room. You can stand down.';
	if (!incident) return 'New job from the control room.';
	const what = `${CATEGORY_LABELS[incident.category]}, severity ${incident.severity} of 4`;
	return `New job: ${what}. ${describeWhere(from, incident.position)}`;
}

const MUTE_KEY = 'haven:job-alert-muted';

/** Muting lasts for this browser tab only (sessionStorage), never longer. */
export function loadMuted(storage: Pick<Storage, 'getItem'> | null): boolean {
	try {
		return storage?.getItem(MUTE_KEY) === '1';
	} catch {
		return false;
	}
}

export function saveMuted(storage: Pick<Storage, 'setItem'> | null, muted: boolean): void {
	try {
		storage?.setItem(MUTE_KEY, muted ? '1' : '0');
	} catch {
		// Storage blocked: the toggle still works for this page's life.
	}
}

type AudioCtor = new () => AudioContext;
export type AlertEnv = {
	vibrate?: (pattern: number[]) => boolean;
	AudioContext?: AudioCtor;
};

export type Alerter = {
	/** Call from a tap: browsers let sound start only after the person touched the page. */
	unlock(): void;
	play(plan: AlertPlan): void;
	close(): void;
};

/** Plays alert plans; never throws (no vibration motor, audio blocked: it just does less). */
export function createAlerter(env: AlertEnv): Alerter {
	let ctx: AudioContext | null = null;
	const audio = () => {
		if (!ctx && env.AudioContext) ctx = new env.AudioContext();
		if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
		return ctx;
	};
	return {
		unlock() {
			try {
				audio();
			} catch {
				// No Web Audio here.
			}
		},
		play(plan) {
			try {
				env.vibrate?.(plan.vibrate);
			} catch {
				// Vibration blocked before the first tap, or no motor.
			}
			if (plan.tones.length === 0) return;
			try {
				const ac = audio();
				if (!ac) return;
				let t = ac.currentTime + 0.03;
				for (const tone of plan.tones) {
					const osc = ac.createOscillator();
					const gain = ac.createGain();
					osc.type = 'square';
					osc.frequency.value = tone.hz;
					const end = t + tone.ms / 1000;
					gain.gain.setValueAtTime(0.0001, t);
					gain.gain.exponentialRampToValueAtTime(0.25, t + 0.015);
					gain.gain.exponentialRampToValueAtTime(0.0001, end);
					osc.connect(gain).connect(ac.destination);
					osc.start(t);
					osc.stop(end + 0.02);
					t = end + 0.06;
				}
			} catch {
				// Audio refused: the vibration and the card still tell.
			}
		},
		close() {
			void ctx?.close().catch(() => undefined);
			ctx = null;
		}
	};
}
