import { describe, expect, it, vi } from 'vitest';
import type { LngLat } from '$lib/shared/geo';
import type { Job, JobState } from '$lib/shared/model';
import {
	alertPlan,
	announce,
	createAlerter,
	describeWhere,
	jobAlerts,
	loadMuted,
	reminderDue,
	saveMuted,
	sortJobs
} from './job-alert';

const T0 = Date.parse('2026-02-14T08:00:00.000Z');
const iso = (secondsAfterT0: number) => new Date(T0 + secondsAfterT0 * 1000).toISOString();

function job(id: string, state: JobState, offeredAfter = 0, marshalId = 'me'): Job {
	return {
		id,
		incidentId: `i-${id}`,
		marshalId,
		state,
		offeredAt: iso(offeredAfter),
		respondBy: iso(offeredAfter + 120),
		updatedAt: iso(offeredAfter + 10)
	};
}

const byId = (...jobs: Job[]) => Object.fromEntries(jobs.map((j) => [j.id, j]));

describe('sortJobs', () => {
	it('puts offers to answer first, then jobs under way, and keeps finished ones apart', () => {
		const { open, past } = sortJobs(
			byId(
				job('accepted', 'accepted', 1),
				job('old-offer', 'offered', 2),
				job('new-offer', 'offered', 50),
				job('late', 'timed-out', 3),
				job('there', 'on-scene', 4),
				job('done', 'resolved', 5),
				job('no', 'declined', 60),
				job('gone', 'withdrawn', 6),
				job('someone-else', 'offered', 70, 'other')
			),
			'me'
		);
		expect(open.map((j) => j.id)).toEqual(['new-offer', 'old-offer', 'late', 'there', 'accepted']);
		expect(past.map((j) => j.id)).toEqual(['no', 'gone', 'done']);
	});

	it('keeps only the most recent finished jobs', () => {
		const jobs = Array.from({ length: 8 }, (_, n) => job(`r${n}`, 'resolved', n));
		expect(sortJobs(byId(...jobs), 'me', 3).past.map((j) => j.id)).toEqual(['r7', 'r6', 'r5']);
	});
});

describe('jobAlerts', () => {
	// [name, state seen before (or none), state now, alert expected]
	const cases: [string, JobState | undefined, JobState, string | null][] = [
		['a new offer', undefined, 'offered', 'offer'],
		['an offer already alerted', 'offered', 'offered', null],
		['an offer that timed out', 'offered', 'timed-out', null],
		['accepted here or on another phone', 'offered', 'accepted', null],
		['an offer taken back', 'offered', 'withdrawn', 'withdrawn'],
		['a job under way taken back', 'accepted', 'withdrawn', 'withdrawn'],
		['on scene, taken back', 'on-scene', 'withdrawn', 'withdrawn'],
		['a withdrawn job found on opening the page', undefined, 'withdrawn', null],
		['a finished job found on opening the page', undefined, 'resolved', null],
		['a timed-out offer found on opening the page', undefined, 'timed-out', null]
	];
	it.each(cases)('%s', (_name, before, now, expected) => {
		const seen = new Map<string, JobState>(before ? [['j', before]] : []);
		const { alerts, seen: next } = jobAlerts(seen, [job('j', now)]);
		expect(alerts).toEqual(expected ? [{ kind: expected, jobId: 'j' }] : []);
		expect(next.get('j')).toBe(now);
	});

	it('does not change the map it was given', () => {
		const seen = new Map<string, JobState>();
		jobAlerts(seen, [job('a', 'offered')]);
		expect(seen.size).toBe(0);
	});
});

describe('reminderDue', () => {
	const offer = job('j', 'offered');
	it.each([
		['not alerted yet', offer, undefined, 40, false],
		['alerted 10 s ago', offer, T0 + 30_000, 40, false],
		['alerted 30 s ago', offer, T0 + 10_000, 40, true],
		['past the answer time', offer, T0, 130, false],
		['answered', job('j', 'accepted'), T0, 60, false],
		['timed out', job('j', 'timed-out'), T0, 60, false]
	] as const)('%s', (_name, j, last, seconds, due) => {
		expect(reminderDue(j, last, T0 + seconds * 1000)).toBe(due);
	});
});

describe('alertPlan', () => {
	it('vibrates and beeps for an offer, differently for a withdrawal', () => {
		const offer = alertPlan('offer', false);
		const withdrawn = alertPlan('withdrawn', false);
		expect(offer.vibrate.length).toBeGreaterThan(0);
		expect(offer.tones.length).toBeGreaterThan(0);
		expect(withdrawn.vibrate).not.toEqual(offer.vibrate);
	});

	it('muted: still vibrates, makes no sound', () => {
		const plan = alertPlan('offer', true);
		expect(plan.tones).toEqual([]);
		expect(plan.vibrate).toEqual(alertPlan('offer', false).vibrate);
	});
});

describe('describeWhere and announce', () => {
	const me: LngLat = [174.7765, -41.2925];
	const northEast: LngLat = [174.7785, -41.2909]; // about 250 m away

	it('gives distance and direction from the last known position', () => {
		expect(describeWhere(me, northEast)).toMatch(/^About 2\d0 m north-east of you\.$/);
		expect(describeWhere(me, [me[0], me[1] + 0.00005])).toBe('Right where you are.');
	});

	it('says what it does not know', () => {
		expect(describeWhere(null, northEast)).toMatch(/no position yet/);
		expect(describeWhere(me, undefined)).toMatch(/see the description/);
	});

	it('announces a new job in words', () => {
		const text = announce('offer', { category: 'medical', severity: 3, position: northEast }, me);
		expect(text).toMatch(/^New job: Medical, severity 3 of 4\. About 2\d0 m north-east of you\.$/);
		expect(announce('withdrawn', undefined, me)).toMatch(/withdrawn/);
	});
});

describe('mute', () => {
	it('is remembered in the storage given, and survives a broken one', () => {
		const data = new Map<string, string>();
		const storage = {
			getItem: (k: string) => data.get(k) ?? null,
			setItem: (k: string, v: string) => void data.set(k, v)
		};
		expect(loadMuted(storage)).toBe(false);
		saveMuted(storage, true);
		expect(loadMuted(storage)).toBe(true);
		saveMuted(storage, false);
		expect(loadMuted(storage)).toBe(false);
		const broken = {
			getItem: () => {
				throw new Error('blocked');
			},
			setItem: () => {
				throw new Error('blocked');
			}
		};
		expect(loadMuted(broken)).toBe(false);
		expect(() => saveMuted(broken, true)).not.toThrow();
		expect(loadMuted(null)).toBe(false);
	});
});

describe('createAlerter', () => {
	it('vibrates, and makes no sound when the plan has none', () => {
		const vibrate = vi.fn(() => true);
		const AudioContext = vi.fn();
		const alerter = createAlerter({
			vibrate,
			AudioContext: AudioContext as unknown as new () => globalThis.AudioContext
		});
		alerter.play(alertPlan('offer', true));
		expect(vibrate).toHaveBeenCalledWith(alertPlan('offer', true).vibrate);
		expect(AudioContext).not.toHaveBeenCalled();
	});

	it('never throws when the browser refuses', () => {
		const alerter = createAlerter({
			vibrate: () => {
				throw new Error('no');
			},
			AudioContext: class {
				constructor() {
					throw new Error('no audio');
				}
			} as unknown as new () => globalThis.AudioContext
		});
		expect(() => alerter.play(alertPlan('offer', false))).not.toThrow();
		expect(() => alerter.unlock()).not.toThrow();
		expect(() => alerter.close()).not.toThrow();
	});
});
