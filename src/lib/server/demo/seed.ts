import type { AppContainer } from '../app';
import { wellingtonDemo } from './wellington';

export const DEMO_ORGANISER_EMAIL = 'organiser@example.org';

export type DemoAccess = {
	organiserEmail: string;
	password: string;
	/** Paths (not URLs: the entry knows the host) of fresh single-use invites. */
	invites: { marshalId: string; displayName: string; path: string }[];
};

/**
 * Seeds the demo event on first start (idempotent: the seed is one command id,
 * so two processes starting together still seed once) and issues fresh invite
 * links on every start, since only their hashes are kept.
 */
export async function seedDemo(
	app: Pick<AppContainer, 'config' | 'store' | 'identity' | 'runtime'>
) {
	const { config, store, identity } = app;
	const eventId = config.eventId;
	const runtime = await app.runtime(eventId);
	const demo = wellingtonDemo(eventId, new Date().toISOString());
	if (runtime.head === 0) {
		const result = await store.append({
			eventId,
			commandId: `demo:seed:${eventId}`,
			expectedSeq: 0,
			events: demo.events
		});
		if (result.status !== 'conflict') await runtime.waitFor(result.seqs[result.seqs.length - 1]);
	}
	await identity.ensureOrganiser({
		email: DEMO_ORGANISER_EMAIL,
		displayName: 'Demo organiser',
		password: config.demoPassword
	});
	const invites: DemoAccess['invites'] = [];
	for (const m of demo.marshals) {
		const token = await identity.createInvite(eventId, m.id);
		if (token)
			invites.push({ marshalId: m.id, displayName: m.displayName, path: `/join/${token}` });
	}
	return { organiserEmail: DEMO_ORGANISER_EMAIL, password: config.demoPassword, invites };
}
