/**
 * The model's closed lists (states, kinds, the transitions between states) and the words
 * the pages show for them, without the schemas: model.ts builds its zod enums from these and
 * re-exports them. The control room's and marshal's pages import them from here, so their
 * first load does not build the journal's schemas (zod, about 95 KB of script, and 15-25 ms
 * of work before hydration in the control page's profiles). Keep this module free of zod.
 */

export const ZONE_STATUSES = ['open', 'closed', 'full'] as const;

export const MARSHAL_STATUSES = ['off-shift', 'available', 'on-break', 'on-job'] as const;

export const INCIDENT_STATES = [
	'reported',
	'acknowledged',
	'dispatched',
	'on-scene',
	'resolved',
	'cancelled',
	'duplicate',
	'referred'
] as const;
type IncidentState = (typeof INCIDENT_STATES)[number];

/** Which state may follow which. The server enforces it; the UI offers only these. */
export const INCIDENT_TRANSITIONS: Record<IncidentState, readonly IncidentState[]> = {
	reported: ['acknowledged', 'dispatched', 'resolved', 'cancelled', 'duplicate', 'referred'],
	acknowledged: ['dispatched', 'on-scene', 'resolved', 'cancelled', 'duplicate', 'referred'],
	dispatched: ['on-scene', 'acknowledged', 'resolved', 'cancelled', 'referred'],
	'on-scene': ['resolved', 'referred'],
	resolved: [],
	cancelled: [],
	duplicate: [],
	referred: []
};

/** Resolved, cancelled, duplicate or referred: no state follows, the incident is over. */
export const isFinalState = (s: IncidentState) => INCIDENT_TRANSITIONS[s].length === 0;

export const POLICE_KINDS = [
	'requested',
	'attended',
	'declined-attend',
	'declined-escort'
] as const;

export const POLICE_LABELS: Record<(typeof POLICE_KINDS)[number], string> = {
	requested: 'Police requested',
	attended: 'Police attended',
	'declined-attend': 'Police declined to attend',
	'declined-escort': 'Police declined to escort'
};

export const JOB_STATES = [
	'offered',
	'accepted',
	'declined',
	'timed-out',
	'on-scene',
	'resolved',
	'withdrawn'
] as const;
/** A job still asking something of its marshal. */
export const OPEN_JOB_STATES: readonly (typeof JOB_STATES)[number][] = [
	'offered',
	'accepted',
	'on-scene'
];

/** What the record says in place of a photo deleted after the retention period (decision 13). */
export const PHOTO_DELETED = 'Photo deleted after the retention period';

export const ADVISORY_AUDIENCES = ['public', 'marshals'] as const;

export const ESCORT_STATES = ['requested', 'accepted', 'walking', 'arrived', 'cancelled'] as const;
type EscortState = (typeof ESCORT_STATES)[number];
export const OPEN_ESCORT_STATES: readonly EscortState[] = ['requested', 'accepted', 'walking'];
export const isOpenEscort = (e: { state: EscortState }) => OPEN_ESCORT_STATES.includes(e.state);
