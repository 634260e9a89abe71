import type { z } from 'zod';
import {
	QUERIES,
	QUERY_NAMES,
	type AckError,
	type QueryAck,
	type QueryName,
	type QueryResult
} from '$lib/shared/protocol';
import { StoreUnavailableError } from '../store/types';
import type { CommandActor } from '../services/decisions';
import { DispatchService } from '../services/dispatch-service';
import type { PresenceStore } from '../store/presence/types';
import type { EventRuntime } from '../services/event-runtime';
import type { Logger } from '../app';
import type { HavenSocket } from './delivery';

/** What a query's service answers: its result, or a refusal the ack passes on. */
export type QueryOutcome<Q extends QueryName> =
	{ ok: true; result: QueryResult<Q> } | Omit<AckError, 'issues'>;

export type QueryHandlers = {
	[Q in QueryName]: (
		actor: CommandActor,
		payload: z.output<(typeof QUERIES)[Q]['payload']>
	) => Promise<QueryOutcome<Q>>;
};

/** The services behind each query in the catalog. */
export function queryHandlers(deps: {
	presence: PresenceStore;
	runtime(eventId: string): Promise<EventRuntime>;
}): QueryHandlers {
	const dispatch = new DispatchService(deps);
	return {
		'dispatch:suggest': (actor, p) => dispatch.suggest(actor.eventId, p.incidentId, p.limit),
		'incident:timeline': async (actor, p) => {
			const incident = (await deps.runtime(actor.eventId)).state.incidents[p.incidentId];
			return incident
				? { ok: true, result: { timeline: incident.timeline } }
				: { ok: false, code: 'not-found', message: 'No such incident.' };
		}
	};
}

type Reply = (a: QueryAck<QueryName>) => void;

/**
 * Answers the catalog's queries on one socket, like commands but changing nothing:
 * ack required, rate limit, role check, zod, the service, and the result shaped by its
 * output schema (an allow-list) into `{ ok: true, ...result }`; any failure is an
 * `{ ok: false, code, message }` ack.
 */
export function registerQueries(
	socket: HavenSocket,
	actor: CommandActor,
	opts: { handlers: QueryHandlers; allow(): Promise<boolean>; logger: Logger }
): void {
	for (const name of QUERY_NAMES) {
		socket.on(name, async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return;
			const reply = ack as Reply;
			try {
				reply(await answer(name, actor, payload, opts));
			} catch (err) {
				opts.logger.error(
					{ query: name, err: err instanceof Error ? err.name : String(err) },
					'query failed'
				);
				reply(
					err instanceof StoreUnavailableError
						? { ok: false, code: 'unavailable', message: 'Storage is unavailable; try again.' }
						: { ok: false, code: 'internal', message: 'Something went wrong; try again.' }
				);
			}
		});
	}
}

async function answer<Q extends QueryName>(
	name: Q,
	actor: CommandActor,
	payload: unknown,
	opts: { handlers: QueryHandlers; allow(): Promise<boolean> }
): Promise<QueryAck<QueryName>> {
	const spec = QUERIES[name];
	if (!(spec.roles as readonly string[]).includes(actor.role)) {
		return { ok: false, code: 'forbidden', message: 'You may not do this.' };
	}
	if (!(await opts.allow())) {
		return { ok: false, code: 'rate-limited', message: 'Too many requests; slow down.' };
	}
	const parsed = spec.payload.safeParse(payload);
	if (!parsed.success) {
		return {
			ok: false,
			code: 'invalid',
			message: 'That was not a valid request.',
			issues: parsed.error.issues.slice(0, 20).map((i) => ({
				path: i.path.map(String).join('.') || '(payload)',
				message: i.message
			}))
		};
	}
	// A generic name loses the pairing of each handler with its payload; the parse above made it.
	const handler = opts.handlers[name] as (
		a: CommandActor,
		p: unknown
	) => Promise<QueryOutcome<QueryName>>;
	const outcome = await handler(actor, parsed.data);
	if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message };
	return { ok: true, ...spec.result.parse(outcome.result) };
}
