import type { Tone } from '$lib/components/labels';
import type { JobState } from '$lib/shared/model';

/** A job's state in words a marshal reads at a glance; the badge colour only repeats it. */
export const JOB_STATE_LABELS: Record<JobState, string> = {
	offered: 'New: please answer',
	'timed-out': 'Timed out: you can still accept',
	accepted: 'Accepted: on your way',
	'on-scene': 'On scene',
	resolved: 'Resolved',
	declined: 'Declined',
	withdrawn: 'Withdrawn by control'
};

export const JOB_STATE_TONES: Record<JobState, Tone> = {
	offered: 'bad',
	'timed-out': 'bad',
	accepted: 'warn',
	'on-scene': 'warn',
	resolved: 'good',
	declined: 'neutral',
	withdrawn: 'neutral'
};

/** One tap fills the reason in; it can still be edited before sending. */
export const DECLINE_REASONS = ['Already on a job', 'Too far away', 'Not safe for me'] as const;

export const OUTCOMES = [
	'Helped, all OK now',
	'Handed to first aid',
	'Handed to police',
	'Nobody there'
] as const;

/** What a job card asks the page to send; the page adds the job's id. */
export type JobCommand =
	| { name: 'job:accept' }
	| { name: 'job:decline'; reason: string }
	| { name: 'job:on-scene' }
	| { name: 'job:resolve'; outcome: string };
