import { ESCORT_MOVES } from '$lib/shared/escort-fold';
import { isOpenEscort, type Escort } from '$lib/shared/escort';
import type { EventState } from '$lib/shared/model';
import type { CommandName } from '$lib/shared/protocol';
import { newCodeWord } from './code-words';
import { ok, ownMarshal, refuse, type DecideContext, type Decision } from './decision-kit';
import { briefOf, chooseMarshals, FIRST_OFFER_SIZE } from './escort-offers';

type EscortCommand = Extract<CommandName, `escort:${string}`>;
type EscortDeciders = {
	[C in EscortCommand]: (ctx: DecideContext<C>) => Decision | Promise<Decision>;
};

const NOT_ENROLLED = 'This phone is no longer signed in as a marshal.';
/** Refusals a visitor may read: nothing in them says anything about anyone else's request. */
const NO_SUCH = 'No such escort request.';

/** The marshal's escort, refusing if it was never offered to them. */
function offeredEscort(ctx: DecideContext<CommandName>, escortId: string): Escort | Decision {
	const m = ownMarshal(ctx);
	if (!m) return refuse('forbidden', NOT_ENROLLED);
	const escort = ctx.state.escorts[escortId];
	if (!escort || !escort.offeredTo.includes(m.id)) return refuse('not-found', NO_SUCH);
	return escort;
}

/** Every code word the event still holds, open escorts' and closed ones' alike. */
const codeWordsOf = (state: EventState): Set<string> =>
	new Set(Object.values(state.escorts).flatMap((e) => (e.codeWord ? [e.codeWord] : [])));

const isEscort = (e: Escort | Decision): e is Escort => 'offeredTo' in e;

/** Refuses a move the escort cannot make from where it is (the fold would ignore it too). */
function move(e: Escort, type: keyof typeof ESCORT_MOVES): Decision | null {
	return ESCORT_MOVES[type]?.includes(e.state)
		? null
		: refuse('conflict', `This escort is ${e.state} and cannot change that way.`);
}

export const ESCORT_DECIDERS: EscortDeciders = {
	'escort:request': async (ctx) => {
		const { state, command: c, actor, now, settings } = ctx;
		const existing = state.escorts[c.escortId];
		// Someone else's id, or a finished one: say nothing about it.
		if (existing) return refuse('conflict', 'This request id is taken; make a new one.');
		const open = Object.values(state.escorts).some(
			(e) => e.deviceId === actor.sessionId && isOpenEscort(e)
		);
		if (open) return refuse('conflict', 'You already have a request open; cancel it first.');
		const marshalIds = chooseMarshals(state, await ctx.positions(), c.position, {
			exclude: [],
			limit: FIRST_OFFER_SIZE,
			statuses: ['available']
		});
		const respondBy = new Date(now.getTime() + settings.escortAcceptSeconds * 1000).toISOString();
		const details = {
			...(c.destination ? { destination: c.destination } : {}),
			...(c.destinationPosition ? { destinationPosition: c.destinationPosition } : {}),
			...(c.description ? { description: c.description } : {})
		};
		return ok(
			{
				type: 'escort:requested',
				data: {
					escortId: c.escortId,
					deviceId: actor.sessionId,
					pickup: c.position,
					codeWord: newCodeWord(codeWordsOf(state)),
					...details
				}
			},
			{
				type: 'escort:offered',
				data: {
					escortId: c.escortId,
					marshalIds,
					round: 0,
					respondBy,
					brief: { pickup: c.position, requestedAt: now.toISOString(), ...details }
				}
			},
			// Nobody free to ask: the control room hears of it now, not a minute later.
			...(marshalIds.length === 0
				? [{ type: 'escort:unanswered' as const, data: { escortId: c.escortId, round: 0 } }]
				: [])
		);
	},

	'escort:cancel': ({ state, command: c, actor }) => {
		const escort = state.escorts[c.escortId];
		const visitor = actor.role === 'public';
		if (!escort || (visitor && escort.deviceId !== actor.sessionId)) {
			return refuse('not-found', NO_SUCH);
		}
		return (
			move(escort, 'escort:cancelled') ??
			ok({
				type: 'escort:cancelled',
				data: {
					escortId: escort.id,
					by: visitor ? 'visitor' : 'control',
					...(c.reason ? { reason: c.reason } : {})
				}
			})
		);
	},

	'escort:accept': (ctx) => {
		const escort = offeredEscort(ctx, ctx.command.escortId);
		if (!isEscort(escort)) return escort;
		if (escort.state !== 'requested' && escort.marshalId !== ctx.actor.subjectId) {
			return refuse('conflict', 'Another marshal has already accepted this escort.');
		}
		return (
			move(escort, 'escort:accepted') ??
			ok({
				type: 'escort:accepted',
				data: {
					escortId: escort.id,
					marshalId: ctx.actor.subjectId ?? '',
					...(escort.codeWord ? { codeWord: escort.codeWord } : {})
				}
			})
		);
	},

	'escort:decline': (ctx) => {
		const escort = offeredEscort(ctx, ctx.command.escortId);
		if (!isEscort(escort)) return escort;
		const marshalId = ctx.actor.subjectId ?? '';
		if (escort.declinedBy.includes(marshalId)) return refuse('conflict', 'You already declined.');
		return (
			move(escort, 'escort:declined') ??
			ok({
				type: 'escort:declined',
				data: {
					escortId: escort.id,
					marshalId,
					...(ctx.command.reason ? { reason: ctx.command.reason } : {})
				}
			})
		);
	},

	'escort:walking': (ctx) => {
		const escort = offeredEscort(ctx, ctx.command.escortId);
		if (!isEscort(escort)) return escort;
		if (escort.marshalId !== ctx.actor.subjectId)
			return refuse('conflict', 'This is not your escort.');
		return (
			move(escort, 'escort:walking') ??
			ok({ type: 'escort:walking', data: { escortId: escort.id } })
		);
	},

	'escort:arrived': (ctx) => {
		const escort = offeredEscort(ctx, ctx.command.escortId);
		if (!isEscort(escort)) return escort;
		if (escort.marshalId !== ctx.actor.subjectId)
			return refuse('conflict', 'This is not your escort.');
		return (
			move(escort, 'escort:arrived') ??
			ok({ type: 'escort:arrived', data: { escortId: escort.id } })
		);
	},

	'escort:offer': ({ state, command: c, now, settings }) => {
		const escort = state.escorts[c.escortId];
		if (!escort) return refuse('not-found', NO_SUCH);
		const refused = move(escort, 'escort:offered');
		if (refused) return refused;
		for (const id of c.marshalIds) {
			const m = state.marshals[id];
			if (!m) return refuse('not-found', `No marshal ${id} in this event.`);
			if (m.status === 'off-shift') return refuse('conflict', `${m.displayName} is off shift.`);
		}
		const respondBy = new Date(now.getTime() + settings.escortAcceptSeconds * 1000).toISOString();
		return ok(
			{
				type: 'escort:offered',
				data: {
					escortId: escort.id,
					marshalIds: [...new Set(c.marshalIds)],
					round: escort.round,
					respondBy,
					brief: briefOf(escort)
				}
			},
			// The control room acted on the alarm by asking someone: that answers it.
			...(escort.alarm
				? [{ type: 'escort:alarm-acknowledged' as const, data: { escortId: escort.id } }]
				: [])
		);
	},

	'escort:acknowledge-alarm': ({ state, command: c }) => {
		const escort = state.escorts[c.escortId];
		if (!escort) return refuse('not-found', NO_SUCH);
		if (!escort.alarm) return refuse('conflict', 'Nothing to acknowledge.');
		return ok({ type: 'escort:alarm-acknowledged', data: { escortId: escort.id } });
	},

	'escort:acknowledge-refusals': ({ state, command: c }) => {
		const group = state.escortRefusals[c.groupId];
		if (!group) return refuse('not-found', 'No such entry.');
		if (group.acknowledged) return refuse('conflict', 'Already acknowledged.');
		return ok({ type: 'escort:refusals-acknowledged', data: { groupId: group.id } });
	}
};
