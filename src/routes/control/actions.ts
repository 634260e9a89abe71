/**
 * What record panels may do, passed down from the page: the live connection's `send` and
 * `query`, which never throw and answer "not connected" before the socket is up.
 */
import type { LiveEvent } from '$lib/client/live.svelte';
import type { JobState } from '$lib/shared/model';
import type { Tone } from '$lib/components/labels';

export type Send = LiveEvent['send'];
export type Ask = LiveEvent['query'];

const offline = () => ({ ok: false, code: 'unavailable', message: 'Not connected yet.' }) as const;

/** `send` and `query` through whatever live link the page has now; "not connected" before. */
export function linkActions(live: () => LiveEvent | null): { send: Send; query: Ask } {
	return {
		send: (name, payload, timeoutMs) => {
			const link = live();
			return link ? link.send(name, payload, timeoutMs) : Promise.resolve(offline());
		},
		query: (name, payload, timeoutMs) => {
			const link = live();
			return link ? link.query(name, payload, timeoutMs) : Promise.resolve(offline());
		}
	};
}

export const JOB_STATE_LABELS: Record<JobState, string> = {
	offered: 'Offered, waiting for an answer',
	accepted: 'Accepted',
	declined: 'Declined',
	'timed-out': 'No answer in time',
	'on-scene': 'On scene',
	resolved: 'Resolved',
	withdrawn: 'Withdrawn'
};

export const JOB_STATE_TONES: Record<JobState, Tone> = {
	offered: 'warn',
	accepted: 'good',
	declined: 'bad',
	'timed-out': 'bad',
	'on-scene': 'good',
	resolved: 'neutral',
	withdrawn: 'neutral'
};

/** Jobs the control room may still withdraw (a timed-out offer may yet be accepted late). */
export const WITHDRAWABLE: readonly JobState[] = ['offered', 'accepted', 'on-scene', 'timed-out'];

/** The map layers an organiser can switch on and off. */
export type LayerName =
	'incidents' | 'escorts' | 'marshals' | 'marshal-posts' | 'zones' | 'sectors' | 'route';
