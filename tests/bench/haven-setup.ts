/**
 * Who the simulated people are, set up through an app container in the orchestrator on
 * the same Redis and key prefix as the two Haven server processes: the marshals go into
 * the journal, each gets a phone session through a real invite, and the organisers sign
 * in with the demo password. Tickets are minted later, right before connecting.
 */
import { createApp, type AppContainer } from '$lib/server/app';
import { loadConfig } from '$lib/server/config';
import { newId } from '$lib/shared/ids';
import type { NewJournalEvent } from '$lib/shared/journal';
import type { Role } from '$lib/shared/model';

export const DEMO_ORGANISER_EMAIL = 'organiser@example.org';

export type BenchIdentity = { role: Role; sessionId: string; subjectId: string | null };

export type HavenIdentities = {
	app: AppContainer;
	eventId: string;
	marshals: BenchIdentity[];
	organisers: BenchIdentity[];
	ticket(who: BenchIdentity): string;
	/** The journal head now: clients connect from here, not from an empty state. */
	head(): Promise<number>;
};

/** Runs `task` over `items` with at most `concurrency` in flight, keeping the order. */
export async function pool<T, R>(
	items: T[],
	concurrency: number,
	task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await task(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
	return out;
}

export const marshalId = (i: number) => `bench-marshal-${String(i).padStart(5, '0')}`;

export async function setupHaven(
	env: Record<string, string>,
	keyPrefix: string,
	counts: { marshals: number; organisers: number; demoPassword: string }
): Promise<HavenIdentities> {
	const app = await createApp(loadConfig(env), { keyPrefix });
	try {
		const eventId = app.config.eventId;
		const runtime = await app.runtime(eventId);
		const sectors = Object.keys(runtime.state.sectors).sort();
		const ids = Array.from({ length: counts.marshals }, (_, i) => marshalId(i));

		const at = new Date().toISOString();
		for (let start = 0; start < ids.length; start += 100) {
			const commandId = newId();
			const events = ids.slice(start, start + 100).map((id, i): NewJournalEvent => ({
				id: i === 0 ? commandId : `${commandId}.${i}`,
				type: 'marshal:added',
				at,
				actor: { role: 'system' },
				data: {
					marshalId: id,
					displayName: `Bench marshal ${id.slice(-5)}`,
					sectorId: sectors.length ? sectors[(start + i) % sectors.length] : null
				}
			}));
			const result = await app.store.append({ eventId, commandId, expectedSeq: null, events });
			if (result.status === 'conflict') throw new Error('adding the marshals conflicted');
			await runtime.waitFor(result.seqs[result.seqs.length - 1], 30_000);
		}

		const marshals = await pool(ids, 16, async (id): Promise<BenchIdentity> => {
			const token = await app.identity.createInvite(eventId, id);
			if (!token) throw new Error(`no marshal ${id} in the roster`);
			const joined = await app.identity.join(token);
			if (!joined) throw new Error(`the invite for ${id} could not be used`);
			return { role: 'marshal', sessionId: joined.session.id, subjectId: id };
		});

		const organisers = await pool(
			Array.from({ length: counts.organisers }),
			2,
			async (): Promise<BenchIdentity> => {
				const signedIn = await app.identity.signIn(
					eventId,
					DEMO_ORGANISER_EMAIL,
					counts.demoPassword
				);
				if (!signedIn) throw new Error('the demo organiser could not sign in');
				const { session } = signedIn;
				return { role: 'organiser', sessionId: session.id, subjectId: session.subjectId };
			}
		);

		return {
			app,
			eventId,
			marshals,
			organisers,
			ticket: (who) =>
				app.identity.ticketFor({
					sid: who.sessionId,
					role: who.role,
					eventId,
					subjectId: who.subjectId
				}),
			head: () => app.store.head(eventId)
		};
	} catch (err) {
		await app.close();
		throw err;
	}
}
