import type { EventState } from './model';

/**
 * Whether a marshal is still at work on something other than `except` (a job id or an
 * escort id): finishing one task must not mark them available while they hold another.
 */
export function busyElsewhere(s: EventState, marshalId: string, except: string): boolean {
	const onJob = Object.values(s.jobs).some(
		(j) =>
			j.id !== except &&
			j.marshalId === marshalId &&
			(j.state === 'accepted' || j.state === 'on-scene')
	);
	if (onJob) return true;
	return Object.values(s.escorts ?? {}).some(
		(e) =>
			e.id !== except &&
			e.marshalId === marshalId &&
			(e.state === 'accepted' || e.state === 'walking')
	);
}
