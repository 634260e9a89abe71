/**
 * How the views tests look at the night in views-night.ts: each audience's view of every
 * step, and a leak check that reads the output as it would go on the wire.
 */
import { expect } from 'vitest';
import type { JournalEvent } from '$lib/shared/journal';
import type { Actor } from '$lib/shared/model';
import { viewEvent, type Audience } from '$lib/shared/views';
import { STEPS } from './views-night';

export const viewsOf = (audience: Audience) =>
	STEPS.map(({ event, state }) => ({ event, view: viewEvent(audience, event, state) }));
export const visible = (audience: Audience) =>
	viewsOf(audience).flatMap(({ view }) => (view ? [view] : []));
export const viewOf = (audience: Audience, pred: (e: JournalEvent) => boolean) => {
	const step = STEPS.find(({ event }) => pred(event));
	if (!step) throw new Error('no such event in the fixture');
	return viewEvent(audience, step.event, step.state);
};
export const reportOf = (incidentId: string) => (e: JournalEvent) =>
	e.type === 'incident:reported' && e.data.incidentId === incidentId;

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown, into = new Set<number>()): Set<number> {
	if (typeof value === 'number') into.add(value);
	else if (value && typeof value === 'object')
		for (const v of Object.values(value)) numbersIn(v, into);
	return into;
}

/**
 * Serialises the output as it would go on the wire and looks for each secret:
 * strings anywhere in the JSON text, numbers (coordinates) as any number value.
 */
export function expectNoLeak(output: unknown, secrets: (string | number)[]) {
	const json = JSON.stringify(output);
	const numbers = numbersIn(JSON.parse(json));
	for (const s of secrets) {
		if (typeof s === 'number') expect(numbers.has(s), `leaked ${s}`).toBe(false);
		else expect(json, `leaked ${s}`).not.toContain(JSON.stringify(s).slice(1, -1));
	}
}

/** The actor as a marshal sees it: their own id on their own facts, otherwise a role. */
export const asSeenBy = (marshalId: string, e: JournalEvent): Actor =>
	e.actor.id === marshalId ? { role: e.actor.role, id: marshalId } : { role: e.actor.role };
