import { isAdvisoryActive } from '$lib/shared/advisory-rules';
import {
	type Advisory,
	type AdvisoryAudience,
	type IncidentState,
	type MarshalStatus,
	type Zone,
	type ZoneKind,
	type ZoneStatus
} from '$lib/shared/model';
import { byCodePoint } from '$lib/shared/text-order';

/** The words the pages use for each value: status is always said, never only coloured. */
export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export const ZONE_KIND_LABELS: Record<ZoneKind, string> = {
	'first-aid': 'First aid',
	'quiet-space': 'Quiet space',
	'partner-venue': 'Partner venue',
	'welfare-tent': 'Welfare tent',
	'marshal-post': 'Marshal post'
};

export const ZONE_STATUS_LABELS: Record<ZoneStatus, string> = {
	open: 'Open',
	full: 'Full',
	closed: 'Closed'
};

export const ZONE_STATUS_TONES: Record<ZoneStatus, Tone> = {
	open: 'good',
	full: 'warn',
	closed: 'bad'
};

export const MARSHAL_STATUS_LABELS: Record<MarshalStatus, string> = {
	'off-shift': 'Off shift',
	available: 'Available',
	'on-break': 'On break',
	'on-job': 'On a job'
};

export const MARSHAL_STATUS_TONES: Record<MarshalStatus, Tone> = {
	'off-shift': 'neutral',
	available: 'good',
	'on-break': 'warn',
	'on-job': 'warn'
};

export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
	reported: 'Reported',
	acknowledged: 'Acknowledged',
	dispatched: 'Dispatched',
	'on-scene': 'On scene',
	resolved: 'Resolved',
	cancelled: 'Cancelled',
	duplicate: 'Duplicate',
	referred: 'Referred'
};

export const INCIDENT_STATE_TONES: Record<IncidentState, Tone> = {
	reported: 'bad',
	acknowledged: 'warn',
	dispatched: 'warn',
	'on-scene': 'warn',
	resolved: 'good',
	cancelled: 'neutral',
	duplicate: 'neutral',
	referred: 'neutral'
};

export const SEVERITY_LABELS: Record<number, string> = {
	1: 'Low',
	2: 'Moderate',
	3: 'High',
	4: 'Critical'
};

export const AUDIENCE_LABELS: Record<AdvisoryAudience, string> = {
	public: 'Everyone (public)',
	marshals: 'Marshals only'
};

/** Advisories in force at `now` (not withdrawn, not expired), newest first. */
export function activeAdvisories(advisories: Record<string, Advisory>, now: Date): Advisory[] {
	return Object.values(advisories)
		.filter((a) => isAdvisoryActive(a, now))
		.sort((a, b) => byCodePoint(b.postedAt, a.postedAt));
}

/** A stable order people can learn: by name. */
export function zonesByName(zones: Record<string, Zone>): Zone[] {
	return Object.values(zones).sort((a, b) => a.name.localeCompare(b.name));
}
