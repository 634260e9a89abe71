import { newId } from '$lib/shared/ids';
import type { LngLat } from '$lib/shared/geo';
import { COMMAND_NAMES, type CommandName, type CommandPayload } from '$lib/shared/protocol';

/** The things a valid command refers to; tests make them exist when they need success. */
export type PayloadContext = {
	zoneId: string;
	incidentId: string;
	/** A second incident, for links. */
	otherIncidentId: string;
	advisoryId: string;
	/** A marshal phone's session id. */
	deviceId: string;
	position: LngLat;
	jobId: string;
	/** The marshal a job or an escort is offered to. */
	marshalId: string;
	hazardId: string;
	escortId: string;
	/** A grouped entry of refused escort requests. */
	groupId: string;
};

export type PayloadFactory<C extends CommandName> = (ctx: PayloadContext) => CommandPayload<C>;

/**
 * One valid payload per command, each with a fresh command id. Typed as a complete map,
 * and checked at run time by `missingFactories`, so a new command fails the tests until
 * it is added here.
 */
export const VALID_PAYLOADS: { [C in CommandName]: PayloadFactory<C> } = {
	'zone:set-status': (c) => ({
		commandId: newId(),
		zoneId: c.zoneId,
		status: 'closed',
		verified: true
	}),
	'marshal:start-shift': () => ({ commandId: newId() }),
	'marshal:end-shift': () => ({ commandId: newId() }),
	'marshal:set-status': () => ({ commandId: newId(), status: 'on-break' }),
	'incident:report': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		category: 'welfare',
		severity: 2,
		position: c.position,
		description: 'Someone is unwell by the food trucks',
		onBehalf: false
	}),
	'incident:transition': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		to: 'acknowledged',
		reason: 'Seen on the camera'
	}),
	'advisory:post': (c) => ({
		commandId: newId(),
		advisoryId: c.advisoryId,
		audience: 'public',
		text: 'Free water at the Te Aro Park tent',
		expiresInMinutes: 30
	}),
	'advisory:withdraw': (c) => ({ commandId: newId(), advisoryId: c.advisoryId }),
	'device:revoke': (c) => ({ commandId: newId(), deviceId: c.deviceId }),
	'incident:note': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		noteId: newId(),
		text: 'Spoke to the couple: they want someone to walk them home'
	}),
	'incident:link': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		otherId: c.otherIncidentId
	}),
	'incident:police': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		entryId: newId(),
		kind: 'declined-escort',
		// Logged after the fact: it happened ten minutes ago.
		occurredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
		reason: 'No units free to walk them home'
	}),
	'incident:acknowledge-escalation': (c) => ({ commandId: newId(), incidentId: c.incidentId }),
	'job:offer': (c) => ({
		commandId: newId(),
		incidentId: c.incidentId,
		offers: [{ jobId: c.jobId, marshalId: c.marshalId }]
	}),
	'job:accept': (c) => ({ commandId: newId(), jobId: c.jobId }),
	'job:decline': (c) => ({
		commandId: newId(),
		jobId: c.jobId,
		reason: 'Already walking someone to the taxi rank'
	}),
	'job:on-scene': (c) => ({ commandId: newId(), jobId: c.jobId }),
	'job:resolve': (c) => ({
		commandId: newId(),
		jobId: c.jobId,
		outcome: 'Walked them home; they are safe'
	}),
	'job:withdraw': (c) => ({ commandId: newId(), jobId: c.jobId, reason: 'Police took over' }),
	'hazard:mark': (c) => ({
		commandId: newId(),
		hazardId: c.hazardId,
		position: c.position,
		radiusMetres: 120,
		text: 'Group shouting at people leaving the venue, last seen heading south',
		expiresInSeconds: 30 * 60
	}),
	'hazard:clear': (c) => ({ commandId: newId(), hazardId: c.hazardId }),
	'advisory:receive': (c) => ({ commandId: newId(), advisoryIds: [c.advisoryId] }),
	'escort:request': (c) => ({
		commandId: newId(),
		escortId: c.escortId,
		position: c.position,
		destination: 'Home, 400 m up Aro Street',
		destinationPosition: [174.7712, -41.2953],
		description: 'Two of us, green jacket, outside the takeaway'
	}),
	'escort:cancel': (c) => ({ commandId: newId(), escortId: c.escortId, reason: 'Got a taxi' }),
	'escort:accept': (c) => ({ commandId: newId(), escortId: c.escortId }),
	'escort:decline': (c) => ({
		commandId: newId(),
		escortId: c.escortId,
		reason: 'Already walking someone to the taxi rank'
	}),
	'escort:walking': (c) => ({ commandId: newId(), escortId: c.escortId }),
	'escort:arrived': (c) => ({ commandId: newId(), escortId: c.escortId }),
	'escort:offer': (c) => ({ commandId: newId(), escortId: c.escortId, marshalIds: [c.marshalId] }),
	'escort:acknowledge-alarm': (c) => ({ commandId: newId(), escortId: c.escortId }),
	'escort:acknowledge-refusals': (c) => ({ commandId: newId(), groupId: c.groupId })
};

/** Commands in the catalog without a factory here (must be empty). */
export function missingFactories(): string[] {
	const table = VALID_PAYLOADS as Partial<Record<string, unknown>>;
	return COMMAND_NAMES.filter((name) => typeof table[name] !== 'function');
}

export function validPayload(name: CommandName, ctx: PayloadContext): Record<string, unknown> {
	return (VALID_PAYLOADS[name] as PayloadFactory<CommandName>)(ctx) as Record<string, unknown>;
}

/** A context with fresh ids, nothing of which exists yet. */
export function freshContext(overrides: Partial<PayloadContext> = {}): PayloadContext {
	return {
		zoneId: 'zone-te-aro-first-aid',
		incidentId: newId(),
		otherIncidentId: newId(),
		advisoryId: newId(),
		deviceId: newId(),
		// Inside the demo's Cuba sector.
		position: [174.776137, -41.291561],
		jobId: newId(),
		marshalId: 'marshal-mei',
		hazardId: newId(),
		escortId: newId(),
		groupId: newId(),
		...overrides
	};
}

/**
 * What the server receives for `value`: socket.io sends event arguments as one JSON array,
 * so `undefined` becomes null, NaN and Infinity become null and undefined keys vanish.
 */
export function wireForm(value: unknown): unknown {
	return (JSON.parse(JSON.stringify([value])) as unknown[])[0];
}
