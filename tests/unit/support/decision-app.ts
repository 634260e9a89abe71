/**
 * The real app (CommandService, deciders, SQLite store in a temp dir, the seeded
 * Wellington demo) for table-driven tests of the business rules, without sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createApp, type AppContainer } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import type { CommandActor } from '$lib/server/services/decisions';
import { newId } from '$lib/shared/ids';
import type { JournalEvent } from '$lib/shared/journal';
import type { LngLat } from '$lib/shared/geo';
import type { AckOk, CommandName, ErrorCode } from '$lib/shared/protocol';

export const EVENT_ID = 'wellington-pride';
/** Inside the demo's Cuba sector. */
export const CUBA: LngLat = [174.776137, -41.291561];
/** Offers stay open for an hour: only a sweep told the time has passed times one out. */
export const ACCEPT_SECONDS = 3600;

export async function startApp() {
	const dir = mkdtempSync(join(tmpdir(), 'haven-decisions-'));
	const app: AppContainer = await createApp(
		loadConfig({
			HAVEN_DATA_DIR: dir,
			HAVEN_DEMO: '1',
			HAVEN_LOG_LEVEL: 'silent',
			HAVEN_JOB_ACCEPT_SECONDS: String(ACCEPT_SECONDS)
		})
	);
	const close = async () => {
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	};
	return { app, close, ...harness(app) };
}

function harness(app: AppContainer) {
	const head = () => app.store.head(EVENT_ID);
	const state = async () => (await app.runtime(EVENT_ID)).state;
	const journalAfter = (seq: number) => app.store.readSince(EVENT_ID, seq, 1000);

	async function organiser(): Promise<CommandActor> {
		const signed = await app.identity.signIn(EVENT_ID, 'organiser@example.org', 'pride-night-demo');
		if (!signed) throw new Error('the demo organiser could not sign in');
		const { session } = signed;
		return {
			role: 'organiser',
			sessionId: session.id,
			subjectId: session.subjectId,
			eventId: EVENT_ID
		};
	}

	/** A phone for a roster marshal (enrolled in the journal), on shift unless told otherwise. */
	async function marshal(marshalId: string, onShift = true): Promise<CommandActor> {
		const token = await app.identity.createInvite(EVENT_ID, marshalId);
		const joined = token ? await app.identity.join(token) : null;
		if (!joined) throw new Error(`no marshal ${marshalId}`);
		const actor: CommandActor = {
			role: 'marshal',
			sessionId: joined.session.id,
			subjectId: marshalId,
			eventId: EVENT_ID
		};
		if (onShift && (await state()).marshals[marshalId].status === 'off-shift') {
			await must(actor, 'marshal:start-shift', {});
		}
		return actor;
	}

	/** Sends a command (with a fresh command id unless one is given). */
	const send = (actor: CommandActor, name: CommandName, payload: object) =>
		app.execute(actor, name, { commandId: newId(), ...payload });

	/** A command that must succeed; returns its ack and the events it appended. */
	async function must(actor: CommandActor, name: CommandName, payload: object) {
		const before = await head();
		const ack = await send(actor, name, payload);
		if (!ack.ok) throw new Error(`${name} failed: ${ack.code}: ${ack.message}`);
		return { ack: ack as AckOk, events: await journalAfter(before) };
	}

	/** A command that must be refused with `code`, leaving the journal and the state as they were. */
	async function refused(code: ErrorCode, actor: CommandActor, name: CommandName, payload: object) {
		const before = { head: await head(), state: await state() };
		const ack = await send(actor, name, payload);
		expect(ack, name).toEqual({ ok: false, code, message: expect.any(String) });
		expect(await head(), `${name} moved the journal`).toBe(before.head);
		expect((await state()) === before.state, `${name} changed the state`).toBe(true);
	}

	/** A fresh incident reported by `by`, precise and with words unless told otherwise. */
	async function report(by: CommandActor, extra: object = {}): Promise<string> {
		const incidentId = newId();
		await must(by, 'incident:report', {
			incidentId,
			category: 'hate-assault',
			severity: 4,
			position: CUBA,
			description: 'Man cut on the arm outside the takeaway',
			...extra
		});
		return incidentId;
	}

	/** Offers `incidentId` to each marshal in one command; returns the job ids in order. */
	async function offer(by: CommandActor, incidentId: string, ...marshalIds: string[]) {
		const offers = marshalIds.map((marshalId) => ({ jobId: newId(), marshalId }));
		const { events } = await must(by, 'job:offer', { incidentId, offers });
		return { jobIds: offers.map((o) => o.jobId), events };
	}

	const only = (events: JournalEvent[]) => {
		expect(events).toHaveLength(1);
		return events[0];
	};

	return {
		head,
		state,
		journalAfter,
		organiser,
		marshal,
		send,
		must,
		refused,
		report,
		offer,
		only
	};
}
