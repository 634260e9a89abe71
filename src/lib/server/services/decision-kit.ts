import type { JournalData, JournalEventType } from '$lib/shared/journal';
import type { EventState, Role } from '$lib/shared/model';
import type { CommandName, ErrorCode, MarshalPosition, ParsedCommand } from '$lib/shared/protocol';
import type { Session } from '../store/types';

/** The vocabulary every decider speaks: who asks, what they may get back. */

/** Who sent a command: resolved from the session, never from the payload. */
export type CommandActor = {
	role: Role;
	sessionId: string;
	/** Organiser id or marshal id; null for an anonymous attendee. */
	subjectId: string | null;
	eventId: string;
};

export type EventDraft = {
	[T in JournalEventType]: { type: T; data: JournalData<T> };
}[JournalEventType];

export type Decision =
	{ ok: true; events: EventDraft[] } | { ok: false; code: ErrorCode; message: string };

/** Settings a decision may depend on (from configuration). */
export type DecideSettings = { jobAcceptSeconds: number; escortAcceptSeconds: number };

export type DecideContext<C extends CommandName> = {
	state: EventState;
	command: ParsedCommand<C>;
	actor: CommandActor;
	now: Date;
	settings: DecideSettings;
	findSession: (id: string) => Promise<Session | null>;
	/** Marshals' fresh positions (the presence store), for choosing whom to offer an escort. */
	positions: () => Promise<MarshalPosition[]>;
	/** Who sent a stored photo of this event, or null when it was never stored. */
	photoOwner: (photoId: string) => Promise<string | null>;
};

export type Deciders = {
	[C in CommandName]: (ctx: DecideContext<C>) => Decision | Promise<Decision>;
};

export const ok = (...events: EventDraft[]): Decision => ({ ok: true, events });
export const refuse = (code: ErrorCode, message: string): Decision => ({
	ok: false,
	code,
	message
});

/** The marshal sending the command, or a refusal if their phone is no longer enrolled. */
export function ownMarshal(ctx: DecideContext<CommandName>) {
	const m = ctx.actor.subjectId ? ctx.state.marshals[ctx.actor.subjectId] : undefined;
	if (!m) return null;
	return m.devices.includes(ctx.actor.sessionId) ? m : null;
}
