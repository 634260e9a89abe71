import type { JournalEvent, NewJournalEvent } from '$lib/shared/journal';
import { newEscortKey, seal, sealContext, unseal, type SealedFields } from './escort-seal';
import type { EscortKey, JournalListener, Store } from './types';

/**
 * The store as services see it: escort requests and offers go in with their positions and
 * words sealed under the escort's own key, and come out opened, so deciders, folds and views
 * work on plain data. Once the key is deleted (retention) they come out with the positions
 * null and the words gone; a damaged or foreign sealed value reads the same way, never as an
 * error. Every other method passes through.
 */

const SEALED = 'sealed';
const RETRY_MS = 500;

type Fields = Record<string, unknown>;
const isRecord = (v: unknown): v is Fields =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where an entry keeps its sensitive fields: the request's data, or an offer's brief. */
function sensitivePart(e: { type: string; data: unknown }): Fields | null {
	if (!isRecord(e.data)) return null;
	if (e.type === 'escort:requested') return e.data;
	if (e.type === 'escort:offered' && isRecord(e.data.brief)) return e.data.brief;
	return null;
}

function replacePart<E extends { type: string; data: unknown }>(e: E, part: Fields): E {
	if (e.type === 'escort:requested') return { ...e, data: part };
	return { ...e, data: { ...(e.data as Fields), brief: part } };
}

const escortIdOf = (e: { data: unknown }): string | null =>
	isRecord(e.data) && typeof e.data.escortId === 'string' ? e.data.escortId : null;

function split(part: Fields): { kept: Fields; fields: SealedFields | null } {
	const { pickup, destination, destinationPosition, description, ...kept } = part;
	delete kept[SEALED];
	const fields = {
		pickup: (pickup ?? null) as SealedFields['pickup'],
		...(destination !== undefined ? { destination: destination as string } : {}),
		...(destinationPosition !== undefined
			? { destinationPosition: destinationPosition as SealedFields['pickup'] & object }
			: {}),
		...(description !== undefined ? { description: description as string } : {})
	};
	const any = fields.pickup !== null || Object.keys(fields).length > 1;
	return { kept: { ...kept, pickup: null }, fields: any ? fields : null };
}

export function sealedStore(inner: Store, opts: { now?: () => Date } = {}): Store {
	const now = () => opts.now?.() ?? new Date();
	let closed = false;

	async function keysFor(eventId: string, events: readonly { type: string; data: unknown }[]) {
		const ids = new Set<string>();
		for (const e of events) {
			const part = sensitivePart(e);
			const id = escortIdOf(e);
			if (part && id && SEALED in part) ids.add(id);
		}
		return ids.size ? inner.findEscortKeys(eventId, [...ids]) : new Map<string, EscortKey>();
	}

	function openOne(eventId: string, e: JournalEvent, keys: Map<string, EscortKey>): JournalEvent {
		const part = sensitivePart(e);
		const id = escortIdOf(e);
		if (!part || !id || !(SEALED in part)) return e;
		const key = keys.get(id);
		const fields = key ? unseal(key.key, sealContext(eventId, id, e.type), part[SEALED]) : null;
		return replacePart(e, { ...split(part).kept, ...(fields ?? {}) });
	}

	async function openAll(eventId: string, events: JournalEvent[]): Promise<JournalEvent[]> {
		const keys = await keysFor(eventId, events);
		return events.map((e) => openOne(eventId, e, keys));
	}

	return {
		...inner,
		kind: inner.kind,

		async append(req) {
			const keys = new Map<string, EscortKey>();
			const createdAt = now().toISOString();
			for (const e of req.events) {
				const id = escortIdOf(e);
				if (e.type !== 'escort:requested' || !id || keys.has(id)) continue;
				// Kept before the entry exists: an entry must never be stored that no key opens.
				keys.set(
					id,
					await inner.putEscortKey(req.eventId, { escortId: id, key: newEscortKey(), createdAt })
				);
			}
			const missing = req.events
				.filter((e) => e.type === 'escort:offered')
				.map(escortIdOf)
				.filter((id): id is string => id !== null && !keys.has(id));
			if (missing.length) {
				for (const [id, k] of await inner.findEscortKeys(req.eventId, missing)) keys.set(id, k);
			}
			const events = req.events.map((e): NewJournalEvent => {
				const part = sensitivePart(e);
				const id = escortIdOf(e);
				if (!part || !id) return e;
				const { kept, fields } = split(part);
				const key = keys.get(id);
				// No key (already deleted): the positions are past retention and are not written.
				const sealed =
					key && fields
						? { [SEALED]: seal(key.key, sealContext(req.eventId, id, e.type), fields) }
						: {};
				return replacePart(e, { ...kept, ...sealed }) as NewJournalEvent;
			});
			return inner.append({ ...req, events });
		},

		async readSince(eventId, afterSeq, limit) {
			return openAll(eventId, await inner.readSince(eventId, afterSeq, limit));
		},

		subscribe(eventId, afterSeq, listener: JournalListener) {
			let stopped = false;
			let chain = Promise.resolve();
			const stop = inner.subscribe(eventId, afterSeq, (batch) => {
				// Opening needs the keys (a round trip); batches still reach the listener in order.
				chain = chain.then(async () => {
					let opened: JournalEvent[] | null = null;
					while (!opened && !stopped && !closed) {
						try {
							opened = await openAll(eventId, batch);
						} catch {
							// The store is down for a moment: deliver this batch late rather than never.
							await new Promise((r) => setTimeout(r, RETRY_MS).unref());
						}
					}
					if (!opened || stopped || closed) return;
					try {
						listener(opened);
					} catch {
						// A failing listener must not stop later batches reaching it.
					}
				});
			});
			return () => {
				stopped = true;
				stop();
			};
		},

		async close() {
			closed = true;
			await inner.close();
		}
	};
}
