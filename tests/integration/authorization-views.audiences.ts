/**
 * The audiences of authorization-views.test.ts (the control room, the sample's own marshal,
 * a sector colleague, a marshal elsewhere, the public) and which of them receives each
 * journal event type at all. Beside the samples rather than in the test file, so the
 * expectations read as one table.
 */
import type { JournalEventType } from '$lib/shared/journal';
import type { Audience } from '$lib/shared/views';

export const AUDIENCES = {
	organiser: { role: 'organiser' },
	/** The sample's own marshal (and the job's), in the incident's sector. */
	aroha: { role: 'marshal', marshalId: 'marshal-aroha' },
	/** A colleague in the same sector, with no job. */
	mei: { role: 'marshal', marshalId: 'marshal-mei' },
	/** A marshal in another sector. */
	priya: { role: 'marshal', marshalId: 'marshal-priya' },
	public: { role: 'public', sessionId: 'pub-viewer' }
} satisfies Record<string, Audience>;
export type Who = keyof typeof AUDIENCES;
const ALL = { organiser: true, aroha: true, mei: true, priya: true, public: true };
const SECTOR = { organiser: true, aroha: true, mei: true, priya: false, public: false };
const OWN = { organiser: true, aroha: true, mei: false, priya: false, public: false };
const CONTROL = { organiser: true, aroha: false, mei: false, priya: false, public: false };
const MARSHALS = { organiser: true, aroha: true, mei: true, priya: true, public: false };

/** Who receives each sample at all. */
export const VISIBLE = {
	'event:configured': ALL,
	'route:set': ALL,
	'sector:set': ALL,
	'zone:set': ALL,
	'zone:status-set': ALL,
	'marshal:added': OWN,
	'device:enrolled': OWN,
	'device:revoked': OWN,
	'marshal:shift-started': OWN,
	'marshal:shift-ended': OWN,
	'marshal:status-set': OWN,
	'incident:reported': SECTOR,
	'incident:state-changed': SECTOR,
	'advisory:posted': SECTOR,
	// A withdrawal reaches exactly those the advisory reached (here: Cuba's marshals).
	'advisory:withdrawn': SECTOR,
	// The control room's record of an incident.
	'incident:noted': CONTROL,
	'incident:linked': CONTROL,
	'incident:police-logged': CONTROL,
	'incident:escalation-acknowledged': CONTROL,
	// Only the control room opens photos; the reporter's phone never shows it again.
	'incident:photo-deleted': CONTROL,
	// A job reaches its own marshal only, never a colleague of the same sector.
	'job:offered': OWN,
	'job:accepted': OWN,
	'job:declined': OWN,
	'job:timed-out': OWN,
	'job:on-scene': OWN,
	'job:resolved': OWN,
	'job:withdrawn': OWN,
	// Every marshal gets hazards (the phone decides whether to alert); never the public.
	'hazard:marked': MARSHALS,
	'hazard:cleared': MARSHALS,
	// Who has a broadcast: the control room, and the phone that has it.
	'advisory:received': OWN,
	// The request itself (device, code word) is the control room's; the visitor learns of
	// their own only through escort:status, never from journal events.
	'escort:requested': CONTROL,
	// Offers reach the marshals asked (Aroha), never a colleague who was not (Mei).
	'escort:offered': OWN,
	'escort:unanswered': CONTROL,
	'escort:accepted': OWN,
	'escort:declined': OWN,
	'escort:walking': OWN,
	'escort:arrived': OWN,
	'escort:cancelled': OWN,
	'escort:alarm-acknowledged': CONTROL,
	// Whoever was offered it holds its positions, so whoever was offered it must drop them.
	'escort:positions-deleted': OWN,
	'escort:requests-refused': CONTROL,
	'escort:refusals-acknowledged': CONTROL
} satisfies Record<JournalEventType, Record<Who, boolean>>;
