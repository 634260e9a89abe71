import { isHazardActive } from '$lib/shared/awareness';
import { isAdvisoryActive } from '$lib/shared/model';
import { advisoryReaches } from '$lib/shared/advisory-rules';
import { ok, ownMarshal, refuse, type Deciders, type EventDraft } from './decision-kit';

/** Hazard areas and broadcast receipts (see src/lib/shared/awareness.ts). */
export const AWARENESS_DECIDERS = {
	'hazard:mark': ({ state, command: c, now }) => {
		if (state.hazards[c.hazardId]) return refuse('conflict', 'This hazard is already marked.');
		const expiresAt = new Date(now.getTime() + c.expiresInSeconds * 1000).toISOString();
		const { hazardId, position, radiusMetres, text } = c;
		return ok({
			type: 'hazard:marked',
			data: { hazardId, position, radiusMetres, text, expiresAt }
		});
	},

	'hazard:clear': ({ state, command: c, now }) => {
		const h = state.hazards[c.hazardId];
		if (!h) return refuse('not-found', 'No such hazard.');
		if (!isHazardActive(h, now)) return refuse('conflict', 'This hazard has already ended.');
		return ok({ type: 'hazard:cleared', data: { hazardId: h.id } });
	},

	'advisory:receive': (ctx) => {
		const m = ownMarshal(ctx);
		if (!m) return refuse('forbidden', 'This phone is no longer signed in as a marshal.');
		const { state, command: c, now } = ctx;
		const receipts: EventDraft[] = [];
		for (const advisoryId of new Set(c.advisoryIds)) {
			const a = state.advisories[advisoryId];
			// Only broadcasts this marshal was sent; an unknown id tells the phone nothing.
			if (!a || a.audience === 'public' || !advisoryReaches(a, m.id, state)) {
				return refuse('not-found', 'No such message for you.');
			}
			if (a.receivedBy[m.id] || !isAdvisoryActive(a, now)) continue;
			receipts.push({ type: 'advisory:received', data: { advisoryId, marshalId: m.id } });
		}
		if (receipts.length === 0) return refuse('conflict', 'Already received.');
		return ok(...receipts);
	}
} satisfies Partial<Deciders>;
