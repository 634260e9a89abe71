import { z } from 'zod';
import type { JournalEvent, NewJournalEvent } from '$lib/shared/journal';
import {
	COMMANDS,
	type Ack,
	type CommandName,
	type Issue,
	type MarshalPosition,
	type ParsedCommand
} from '$lib/shared/protocol';
import type { Store } from '../store/types';
import { StoreUnavailableError } from '../store/types';
import { DECIDERS, type CommandActor, type DecideContext, type Decision } from './decisions';
import type { DecideSettings } from './decision-kit';
import type { EventRuntime } from './event-runtime';

/** Optimistic appends retry this often when another process appended first. */
const MAX_ATTEMPTS = 8;

export type CommandServiceDeps = {
	store: Store;
	settings: DecideSettings;
	runtime: (eventId: string) => Promise<EventRuntime>;
	now?: () => Date;
	/** Marshals' fresh positions in an event; none when absent (tests of rules without presence). */
	positions?: (eventId: string) => Promise<MarshalPosition[]>;
	onError?: (err: unknown, command: string) => void;
};

const isCommandName = (name: string): name is CommandName =>
	Object.prototype.hasOwnProperty.call(COMMANDS, name);

function issuesOf(err: z.ZodError): Issue[] {
	return err.issues.slice(0, 20).map((i) => ({
		path: i.path.map(String).join('.') || '(payload)',
		message: i.message
	}));
}

/**
 * The one way a change enters the journal, for sockets and form actions alike:
 * validate, authorise, decide, append idempotently, answer with a typed ack.
 * It never throws: every failure becomes an error ack and changes nothing.
 */
export class CommandService {
	readonly #now: () => Date;
	/** Per event, the end of the queue of commands this process is deciding and appending. */
	readonly #lanes = new Map<string, Promise<void>>();

	constructor(private readonly deps: CommandServiceDeps) {
		this.#now = deps.now ?? (() => new Date());
	}

	async execute(actor: CommandActor, name: string, payload: unknown): Promise<Ack> {
		try {
			return await this.#execute(actor, name, payload);
		} catch (err) {
			this.deps.onError?.(err, name);
			if (err instanceof StoreUnavailableError) {
				return { ok: false, code: 'unavailable', message: 'Storage is unavailable; try again.' };
			}
			return { ok: false, code: 'internal', message: 'Something went wrong; try again.' };
		}
	}

	async #execute(actor: CommandActor, name: string, payload: unknown): Promise<Ack> {
		if (!isCommandName(name)) {
			return { ok: false, code: 'unknown-command', message: `Unknown command.` };
		}
		const spec = COMMANDS[name];
		if (!(spec.roles as readonly string[]).includes(actor.role)) {
			return { ok: false, code: 'forbidden', message: 'You may not do this.' };
		}
		const parsed = spec.payload.safeParse(payload);
		if (!parsed.success) {
			return {
				ok: false,
				code: 'invalid',
				message: 'That was not a valid request.',
				issues: issuesOf(parsed.error)
			};
		}
		const command = parsed.data as { commandId: string };
		return this.#inLane(actor.eventId, () =>
			this.#decideAndAppend(actor, name, command as ParsedCommand<CommandName>)
		);
	}

	/**
	 * One command of an event at a time in this process, from deciding to folding its events.
	 * Commands decided side by side on the same state can never all append (each expects the
	 * same head), so running them together only made the losers conflict, wait and decide again,
	 * up to MAX_ATTEMPTS: a burst of a dozen (shift starts at briefing) was refused as busy.
	 * Queued here, they append one after another; only other processes can still get in between.
	 */
	async #inLane<T>(eventId: string, work: () => Promise<T>): Promise<T> {
		const before = this.#lanes.get(eventId) ?? Promise.resolve();
		let done!: () => void;
		const mine = before.then(() => new Promise<void>((resolve) => (done = resolve)));
		this.#lanes.set(eventId, mine);
		await before;
		try {
			return await work();
		} finally {
			done();
			if (this.#lanes.get(eventId) === mine) this.#lanes.delete(eventId);
		}
	}

	async #decideAndAppend(
		actor: CommandActor,
		name: CommandName,
		command: ParsedCommand<CommandName>
	): Promise<Ack> {
		const { store } = this.deps;
		const runtime = await this.deps.runtime(actor.eventId);
		await runtime.ready;

		let caughtUp = false;
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			const state = runtime.state;
			const now = this.#now();
			const ctx: DecideContext<CommandName> = {
				state,
				command: command as ParsedCommand<CommandName>,
				actor,
				now,
				settings: this.deps.settings,
				findSession: (id: string) => store.findSessionById(id),
				positions: () => this.deps.positions?.(actor.eventId) ?? Promise.resolve([]),
				photoOwner: async (photoId: string) =>
					(await store.findPhoto(actor.eventId, photoId))?.marshalId ?? null
			};
			// Each decider takes its own command's type; the catalog lookup above guarantees the match.
			const decide = DECIDERS[name] as (
				c: DecideContext<CommandName>
			) => Decision | Promise<Decision>;
			const decision = await decide(ctx);
			if (!decision.ok) {
				// A command already appended (a resend after a lost ack) gets its first result, even
				// though deciding it again now would refuse it. Looked up only here: on the way to an
				// append the store's own idempotency answers a repeat, which saves a round trip.
				const [earlier, head] = await Promise.all([
					store.findCommand(actor.eventId, command.commandId),
					store.head(actor.eventId)
				]);
				if (earlier) return { ok: true, seq: earlier[earlier.length - 1] };
				// A refusal is decided on the journal as it stands, not on this process's copy
				// lagging behind it: an escort request appended on another process a moment ago,
				// already on the control room's screen through that process, must not be "not found"
				// here. Once: on a busy night the head keeps moving, and a refusal on a state that
				// has caught up with this command's arrival is the answer. An append needs no such
				// check: its expected seq catches a stale state.
				if (!caughtUp && head > state.seq) {
					caughtUp = true;
					await runtime.waitFor(head);
					continue;
				}
				return { ok: false, code: decision.code, message: decision.message };
			}

			for (const d of decision.events) {
				// Revoke in the session store before the fact is journaled: if the append
				// fails, the phone is locked out anyway, which is the safe side to err on.
				if (d.type === 'device:revoked')
					await store.revokeSession(d.data.deviceId, now.toISOString());
			}
			const at = now.toISOString();
			const journalActor = {
				role: actor.role,
				...(actor.subjectId ? { id: actor.subjectId } : {})
			};
			const events = decision.events.map(
				(d, i) =>
					({
						id: i === 0 ? command.commandId : `${command.commandId}.${i}`,
						type: d.type,
						at,
						actor: journalActor,
						data: d.data
					}) as NewJournalEvent
			);
			const result = await store.append({
				eventId: actor.eventId,
				commandId: command.commandId,
				expectedSeq: state.seq,
				events
			});
			if (result.status === 'conflict') {
				// Another process appended first: fold its events, then decide again.
				await runtime.waitFor(result.head);
				continue;
			}
			if (result.status === 'appended') {
				// Folded here at once, as the store keeps them (the envelope's fields, through JSON).
				const seqs = result.seqs;
				runtime.offer(
					events.map(
						({ id, type, at, actor, data }, i) =>
							JSON.parse(
								JSON.stringify({ seq: seqs[i], id, type, at, actor, data })
							) as JournalEvent
					)
				);
			}
			const seq = result.seqs[result.seqs.length - 1];
			// Answer only once this process has folded the change, so the next command sees it.
			await runtime.waitFor(seq);
			return { ok: true, seq };
		}
		return { ok: false, code: 'unavailable', message: 'The event is very busy; try again.' };
	}
}
