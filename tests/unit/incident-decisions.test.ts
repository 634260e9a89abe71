/**
 * The incident's own commands through the real CommandService on a real SQLite store:
 * reports, transitions, and the control room's record (notes, links, police entries),
 * each written into the incident's timeline with who and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { newId } from '$lib/shared/ids';
import type { JournalEvent } from '$lib/shared/journal';
import type { IncidentState, TimelineEntry } from '$lib/shared/model';
import { startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
});
afterAll(() => t?.close());

const incident = async (id: string) => (await t.state()).incidents[id];
const ORG_ACTOR = () => ({ role: 'organiser', id: org.subjectId });

/** The timeline line the event must have left: its seq, time, actor and type. */
const lineOf = (e: Omit<TimelineEntry, 'summary'>) => ({
	seq: e.seq,
	at: e.at,
	actor: e.actor,
	type: e.type
});

describe('incident:report', () => {
	it('refuses a report with neither a position nor a description', async () => {
		const payload = { incidentId: newId(), category: 'medical', severity: 2 };
		await t.refused('invalid', aroha, 'incident:report', payload);
	});

	it.each([
		['a position only', { position: [174.776137, -41.291561] }, 'sector-cuba'],
		// No position: the reporting marshal's own sector.
		['a description only', { description: 'By the bucket fountain' }, 'sector-cuba']
	])('accepts %s', async (_, where, sectorId) => {
		const incidentId = newId();
		const payload = { incidentId, category: 'medical', severity: 2, ...where };
		const { events } = await t.must(aroha, 'incident:report', payload);
		expect(t.only(events).data).toMatchObject({ incidentId, sectorId, onBehalf: false });
		expect((await incident(incidentId)).timeline.map(lineOf)).toEqual(events.map(lineOf));
	});

	it('refuses a second report with the same incident id', async () => {
		const incidentId = await t.report(aroha);
		await t.refused('conflict', aroha, 'incident:report', {
			incidentId,
			category: 'other',
			severity: 1,
			description: 'Again'
		});
	});
});

describe('incident:report with a photo', () => {
	const stored = async (marshalId: string) => {
		const id = crypto.randomUUID();
		await t.app.store.putPhoto({
			id,
			eventId: aroha.eventId,
			marshalId,
			contentType: 'image/jpeg',
			bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]),
			createdAt: new Date().toISOString()
		});
		return id;
	};
	const payload = (photoId: string) => ({
		incidentId: newId(),
		category: 'medical',
		severity: 2,
		description: 'By the fountain',
		photoId
	});

	it('records the photo id of a photo this marshal has stored', async () => {
		const photoId = await stored('marshal-aroha');
		const p = payload(photoId);
		const { events } = await t.must(aroha, 'incident:report', p);
		expect(t.only(events).data).toMatchObject({ photoId });
		expect((await incident(p.incidentId)).photoId).toBe(photoId);
	});

	it('refuses a photo that was never stored, or is another marshal’s', async () => {
		await t.refused('invalid', aroha, 'incident:report', payload(crypto.randomUUID()));
		await t.refused('invalid', aroha, 'incident:report', payload(await stored('marshal-sione')));
	});

	it('refuses a photo id that is not a random UUID', async () => {
		const ack = await t.app.execute(aroha, 'incident:report', {
			commandId: newId(),
			...payload(newId())
		});
		expect(ack).toMatchObject({ ok: false, code: 'invalid', issues: [{ path: 'photoId' }] });
	});
});

describe('incident:transition', () => {
	/** Where each state is reached from 'reported'. */
	const PATH: Partial<Record<IncidentState, IncidentState[]>> = {
		reported: [],
		dispatched: ['dispatched'],
		'on-scene': ['acknowledged', 'on-scene'],
		resolved: ['resolved'],
		cancelled: ['cancelled']
	};
	it.each<[IncidentState, IncidentState]>([
		['reported', 'on-scene'],
		['reported', 'reported'],
		['dispatched', 'dispatched'],
		['on-scene', 'dispatched'],
		['on-scene', 'acknowledged'],
		['resolved', 'acknowledged'],
		['resolved', 'resolved'],
		['cancelled', 'dispatched']
	])('refuses %s → %s as a conflict', async (from, to) => {
		const incidentId = await t.report(aroha);
		for (const step of PATH[from] ?? []) {
			await t.must(org, 'incident:transition', { incidentId, to: step });
		}
		expect((await incident(incidentId)).state).toBe(from);
		await t.refused('conflict', org, 'incident:transition', { incidentId, to });
	});

	it('refuses a duplicate that names no other incident, and an unknown incident', async () => {
		const incidentId = await t.report(aroha);
		for (const duplicateOf of [undefined, incidentId, newId()]) {
			const payload = { incidentId, to: 'duplicate', ...(duplicateOf ? { duplicateOf } : {}) };
			await t.refused('invalid', org, 'incident:transition', payload);
		}
		await t.refused('not-found', org, 'incident:transition', {
			incidentId: newId(),
			to: 'acknowledged'
		});
	});
});

describe("the control room's record", () => {
	it('keeps notes with who wrote them and when, and a line in the timeline', async () => {
		const incidentId = await t.report(aroha);
		const noteId = newId();
		const text = 'Spoke to them: they want to be walked home';
		const { events } = await t.must(org, 'incident:note', { incidentId, noteId, text });
		const e = t.only(events);
		const i = await incident(incidentId);
		expect(i.notes).toEqual([{ id: noteId, at: e.at, actor: ORG_ACTOR(), text }]);
		expect(i.timeline.at(-1)).toEqual({ ...lineOf(e), summary: 'Note added' });
		await t.refused('conflict', org, 'incident:note', { incidentId, noteId, text: 'Again' });
		await t.refused('not-found', org, 'incident:note', { incidentId: newId(), noteId, text });
	});

	it('links two incidents both ways, once', async () => {
		const [a, b] = [await t.report(aroha), await t.report(aroha)];
		const { events } = await t.must(org, 'incident:link', { incidentId: a, otherId: b });
		const e = t.only(events);
		expect((await incident(a)).links).toEqual([b]);
		expect((await incident(b)).links).toEqual([a]);
		expect((await incident(a)).timeline.at(-1)).toEqual({
			...lineOf(e),
			summary: `Linked with ${b}`
		});
		expect((await incident(b)).timeline.at(-1)).toEqual({
			...lineOf(e),
			summary: `Linked with ${a}`
		});
		await t.refused('conflict', org, 'incident:link', { incidentId: a, otherId: b });
		await t.refused('conflict', org, 'incident:link', { incidentId: b, otherId: a });
		await t.refused('invalid', org, 'incident:link', { incidentId: a, otherId: a });
		await t.refused('not-found', org, 'incident:link', { incidentId: a, otherId: newId() });
		await t.refused('not-found', org, 'incident:link', { incidentId: newId(), otherId: a });
	});

	it('records what police did, when it happened, when it was logged and why', async () => {
		const incidentId = await t.report(aroha);
		const occurredAt = new Date(Date.now() - 20 * 60_000).toISOString();
		const reason = 'Said no units were free to walk them home';
		const entries = [
			{ entryId: newId(), kind: 'requested' },
			{ entryId: newId(), kind: 'declined-escort', occurredAt, reason }
		];
		const logged: JournalEvent[] = [];
		for (const entry of entries) {
			logged.push(t.only((await t.must(org, 'incident:police', { incidentId, ...entry })).events));
		}
		const i = await incident(incidentId);
		expect(i.police).toEqual([
			{
				id: entries[0].entryId,
				kind: 'requested',
				occurredAt: logged[0].at,
				loggedAt: logged[0].at,
				loggedBy: ORG_ACTOR()
			},
			{
				id: entries[1].entryId,
				kind: 'declined-escort',
				occurredAt,
				loggedAt: logged[1].at,
				loggedBy: ORG_ACTOR(),
				reason
			}
		]);
		expect(i.timeline.slice(-2)).toEqual([
			{ ...lineOf(logged[0]), summary: 'Police requested' },
			{ ...lineOf(logged[1]), summary: `Police declined to escort: ${reason}` }
		]);
		await t.refused('conflict', org, 'incident:police', { incidentId, ...entries[0] });
	});

	it('refuses a police entry that happened in the future, or on an unknown incident', async () => {
		const incidentId = await t.report(aroha);
		const future = new Date(Date.now() + 10 * 60_000).toISOString();
		const entry = { entryId: newId(), kind: 'attended' };
		await t.refused('invalid', org, 'incident:police', {
			incidentId,
			...entry,
			occurredAt: future
		});
		await t.refused('not-found', org, 'incident:police', { incidentId: newId(), ...entry });
		expect((await incident(incidentId)).police).toEqual([]);
	});

	it('every change to an incident is one timeline line, in journal order', async () => {
		const incidentId = await t.report(aroha);
		const before = (await incident(incidentId)).timeline[0].seq - 1;
		await t.must(org, 'incident:transition', { incidentId, to: 'acknowledged', reason: 'Seen' });
		await t.must(org, 'incident:note', { incidentId, noteId: newId(), text: 'Two of them' });
		const { jobIds } = await t.offer(org, incidentId, 'marshal-aroha');
		await t.must(aroha, 'job:decline', { jobId: jobIds[0], reason: 'Too far' });
		await t.must(org, 'incident:acknowledge-escalation', { incidentId });
		const touching = (await t.journalAfter(before)).filter(
			(e) =>
				(e.data as { incidentId?: string }).incidentId === incidentId ||
				jobIds.includes((e.data as { jobId?: string }).jobId ?? '')
		);
		expect((await incident(incidentId)).timeline.map(lineOf)).toEqual(touching.map(lineOf));
		expect(touching.map((e) => e.type)).toEqual([
			'incident:reported',
			'incident:state-changed',
			'incident:noted',
			'job:offered',
			'incident:state-changed',
			'job:declined',
			'incident:escalation-acknowledged'
		]);
	});
});
