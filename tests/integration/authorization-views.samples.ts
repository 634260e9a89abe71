/**
 * One sample of every journal event type, for authorization-views.test.ts: Aroha's own
 * facts, and Sione's report in their shared Cuba sector, with recognisable words and
 * six-decimal positions so a leak shows. PRIOR says what must have been folded before a
 * sample can apply. Kept out of the test file because the table alone is longer than it.
 */
import type { LngLat } from '$lib/shared/geo';
import type { JournalData, JournalEventType } from '$lib/shared/journal';
import type { Actor } from '$lib/shared/model';

const ORGANISER: Actor = { role: 'organiser', id: 'organiser-secret-id' };
const by = (id: string): Actor => ({ role: 'marshal', id });
export const INCIDENT_AT: LngLat = [174.776137, -41.291561]; // in the Cuba sector
export const INCIDENT_WORDS = 'Two men shouting slurs at a couple';
const INCIDENT_PHOTO = '5b0c6f1e-2d4a-4c8e-9f3b-7a1d2e3f4a5b';
const ESCORT_AT: LngLat = [174.776511, -41.292002];
const ESCORT_WORDS = 'Two of us, green jacket, outside the takeaway';
const RING: LngLat[] = [
	[174.79, -41.28],
	[174.8, -41.28],
	[174.8, -41.29],
	[174.79, -41.28]
];

/** One sample per type: Aroha's own facts, Sione's report in their shared Cuba sector. */
export const SAMPLES: { [T in JournalEventType]: { actor: Actor; data: JournalData<T> } } = {
	'event:configured': {
		actor: ORGANISER,
		data: { name: 'Pride', timezone: 'Pacific/Auckland', center: [174.78, -41.29], zoom: 15 }
	},
	'route:set': { actor: ORGANISER, data: { coordinates: RING.slice(0, 2) } },
	'sector:set': { actor: ORGANISER, data: { sectorId: 'sector-new', name: 'New', ring: RING } },
	'zone:set': {
		actor: ORGANISER,
		data: {
			zoneId: 'zone-new',
			name: 'New tent',
			kind: 'welfare-tent',
			position: [174.779, -41.292],
			hours: [{ from: '18:00', to: '02:00' }]
		}
	},
	'zone:status-set': {
		actor: ORGANISER,
		data: { zoneId: 'zone-te-aro-first-aid', status: 'full', verified: true }
	},
	'marshal:added': {
		actor: ORGANISER,
		data: { marshalId: 'marshal-aroha', displayName: 'Aroha W.', sectorId: 'sector-cuba' }
	},
	'device:enrolled': {
		actor: by('marshal-aroha'),
		data: { deviceId: 'device-aroha', marshalId: 'marshal-aroha' }
	},
	'device:revoked': {
		actor: ORGANISER,
		data: { deviceId: 'device-aroha', marshalId: 'marshal-aroha' }
	},
	'marshal:shift-started': { actor: by('marshal-aroha'), data: { marshalId: 'marshal-aroha' } },
	'marshal:shift-ended': { actor: by('marshal-aroha'), data: { marshalId: 'marshal-aroha' } },
	'marshal:status-set': {
		actor: by('marshal-aroha'),
		data: { marshalId: 'marshal-aroha', status: 'on-break' }
	},
	'incident:reported': {
		actor: by('marshal-sione'),
		data: {
			incidentId: 'incident-1',
			category: 'hate-abuse',
			severity: 3,
			position: INCIDENT_AT,
			description: INCIDENT_WORDS,
			onBehalf: false,
			sectorId: 'sector-cuba',
			photoId: INCIDENT_PHOTO
		}
	},
	'incident:state-changed': {
		actor: ORGANISER,
		data: { incidentId: 'incident-1', from: 'reported', to: 'acknowledged', reason: 'On it' }
	},
	'advisory:posted': {
		actor: ORGANISER,
		data: {
			advisoryId: 'advisory-1',
			audience: 'marshals',
			sectorId: 'sector-cuba',
			text: 'Cuba marshals: police on the way to the fountain',
			expiresAt: '2030-01-01T00:00:00.000Z'
		}
	},
	'advisory:withdrawn': { actor: ORGANISER, data: { advisoryId: 'advisory-1' } },
	'incident:noted': {
		actor: ORGANISER,
		data: { incidentId: 'incident-1', noteId: 'note-1', text: 'Victim wants a walk home' }
	},
	'incident:linked': {
		actor: ORGANISER,
		data: { incidentId: 'incident-1', otherId: 'incident-2' }
	},
	'incident:police-logged': {
		actor: ORGANISER,
		data: {
			incidentId: 'incident-1',
			entryId: 'police-1',
			kind: 'declined-escort',
			occurredAt: '2030-01-01T00:50:00.000Z',
			reason: 'No units free'
		}
	},
	'incident:escalation-acknowledged': { actor: ORGANISER, data: { incidentId: 'incident-1' } },
	'incident:photo-deleted': {
		actor: { role: 'system' },
		data: { incidentId: 'incident-1', photoId: INCIDENT_PHOTO }
	},
	'job:offered': {
		actor: ORGANISER,
		data: {
			jobId: 'job-1',
			incidentId: 'incident-1',
			marshalId: 'marshal-aroha',
			respondBy: '2030-01-01T01:01:00.000Z',
			brief: {
				category: 'hate-abuse',
				severity: 3,
				reportedAt: '2030-01-01T01:00:00.000Z',
				sectorId: 'sector-cuba',
				position: INCIDENT_AT,
				description: INCIDENT_WORDS
			}
		}
	},
	'job:accepted': { actor: by('marshal-aroha'), data: { jobId: 'job-1' } },
	'job:declined': { actor: by('marshal-aroha'), data: { jobId: 'job-1', reason: 'On a break' } },
	'job:timed-out': { actor: { role: 'system' }, data: { jobId: 'job-1' } },
	'job:on-scene': { actor: by('marshal-aroha'), data: { jobId: 'job-1' } },
	'job:resolved': {
		actor: by('marshal-aroha'),
		data: { jobId: 'job-1', outcome: 'Walked home' }
	},
	'job:withdrawn': { actor: ORGANISER, data: { jobId: 'job-1', reason: 'Police took over' } },
	'hazard:marked': {
		actor: ORGANISER,
		data: {
			hazardId: 'hazard-1',
			position: INCIDENT_AT,
			radiusMetres: 150,
			text: 'Group shouting at people leaving the bar',
			expiresAt: '2030-01-01T02:00:00.000Z'
		}
	},
	'hazard:cleared': { actor: ORGANISER, data: { hazardId: 'hazard-1' } },
	'advisory:received': {
		actor: by('marshal-aroha'),
		data: { advisoryId: 'advisory-1', marshalId: 'marshal-aroha' }
	},
	'escort:requested': {
		actor: { role: 'public' },
		data: {
			escortId: 'escort-1',
			deviceId: 'pub-viewer',
			pickup: ESCORT_AT,
			destination: 'Home on Aro Street',
			description: ESCORT_WORDS,
			codeWord: 'cedar heron'
		}
	},
	'escort:offered': {
		actor: ORGANISER,
		data: {
			escortId: 'escort-1',
			marshalIds: ['marshal-aroha', 'marshal-sione'],
			round: 0,
			respondBy: '2030-01-01T01:01:00.000Z',
			brief: {
				pickup: ESCORT_AT,
				description: ESCORT_WORDS,
				requestedAt: '2030-01-01T01:00:00.000Z'
			}
		}
	},
	'escort:unanswered': { actor: { role: 'system' }, data: { escortId: 'escort-1', round: 0 } },
	'escort:accepted': {
		actor: by('marshal-aroha'),
		data: { escortId: 'escort-1', marshalId: 'marshal-aroha', codeWord: 'cedar heron' }
	},
	'escort:declined': {
		actor: by('marshal-aroha'),
		data: { escortId: 'escort-1', marshalId: 'marshal-aroha', reason: 'On a break' }
	},
	'escort:walking': { actor: by('marshal-aroha'), data: { escortId: 'escort-1' } },
	'escort:arrived': { actor: by('marshal-aroha'), data: { escortId: 'escort-1' } },
	'escort:cancelled': {
		actor: ORGANISER,
		data: { escortId: 'escort-1', by: 'control', reason: 'Visitor called: got a taxi' }
	},
	'escort:alarm-acknowledged': { actor: ORGANISER, data: { escortId: 'escort-1' } },
	'escort:positions-deleted': { actor: { role: 'system' }, data: { escortId: 'escort-1' } },
	'escort:requests-refused': {
		actor: { role: 'system' },
		data: {
			groupId: 'refused-1',
			source: 'device',
			count: 40,
			since: '2030-01-01T00:55:00.000Z'
		}
	},
	'escort:refusals-acknowledged': { actor: ORGANISER, data: { groupId: 'refused-1' } }
};

/** What must have happened before each sample can apply. */
export const PRIOR: Partial<Record<JournalEventType, JournalEventType[]>> = {
	'advisory:withdrawn': ['advisory:posted'],
	'incident:escalation-acknowledged': ['job:offered', 'job:declined'],
	'job:accepted': ['job:offered'],
	'job:declined': ['job:offered'],
	'job:timed-out': ['job:offered'],
	'job:on-scene': ['job:offered'],
	'job:resolved': ['job:offered', 'job:accepted'],
	'job:withdrawn': ['job:offered'],
	'hazard:cleared': ['hazard:marked'],
	'advisory:received': ['advisory:posted'],
	'escort:offered': ['escort:requested'],
	'escort:unanswered': ['escort:requested', 'escort:offered'],
	'escort:accepted': ['escort:requested', 'escort:offered'],
	'escort:declined': ['escort:requested', 'escort:offered'],
	'escort:walking': ['escort:requested', 'escort:offered', 'escort:accepted'],
	'escort:arrived': ['escort:requested', 'escort:offered', 'escort:accepted'],
	'escort:cancelled': ['escort:requested', 'escort:offered'],
	'escort:alarm-acknowledged': ['escort:requested', 'escort:offered', 'escort:unanswered'],
	'escort:positions-deleted': ['escort:requested', 'escort:offered', 'escort:cancelled'],
	'escort:refusals-acknowledged': ['escort:requests-refused']
};
/** The organiser's own words-only report, for links. */
export const SECOND_REPORT = {
	actor: ORGANISER,
	data: {
		incidentId: 'incident-2',
		category: 'disorder',
		severity: 2,
		description: 'Bottles thrown near the fountain',
		onBehalf: false,
		sectorId: 'sector-cuba'
	}
} as const;
