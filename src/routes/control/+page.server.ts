import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { actorOf, failFromAck, mapConfigData, requireRole } from '$lib/server/http/page-context';
import { newId } from '$lib/shared/ids';
import { eventShell } from '$lib/shared/state-views';
import type { EventState } from '$lib/shared/model';

export const load: PageServerLoad = async ({ locals }) => {
	const session = requireRole(locals.session, 'organiser', '/control');
	const app = await getApp();
	const organiser = session.subjectId ? await app.store.findOrganiserById(session.subjectId) : null;
	const { state } = await app.runtime(session.eventId);
	return {
		// The snapshot itself (2 MB on a long night) is fetched after first paint, from
		// ./snapshot: the page's HTML stays small and its hydration short.
		shell: eventShell(state),
		map: mapConfigData(app),
		organiser: {
			displayName: organiser?.displayName ?? 'Organiser',
			email: organiser?.email ?? ''
		},
		organisers: await organiserNames(app, state, session.subjectId)
	};
};

/**
 * Names of the organisers who appear in the record (every change has a timeline line, so
 * its actors are all of them; read from the full state, as the snapshot has no timelines)
 * and of the one signed in, so the record says who did what.
 * One who first acts after this page loaded shows as "Organiser" until a reload.
 */
async function organiserNames(
	app: Awaited<ReturnType<typeof getApp>>,
	state: EventState,
	me: string | null | undefined
): Promise<Record<string, string>> {
	const ids = new Set<string>(me ? [me] : []);
	for (const incident of Object.values(state.incidents)) {
		for (const line of incident.timeline) {
			if (line.actor.role === 'organiser' && line.actor.id) ids.add(line.actor.id);
		}
	}
	const names: Record<string, string> = {};
	for (const id of ids) {
		const found = await app.store.findOrganiserById(id);
		if (found) names[id] = found.displayName;
	}
	return names;
}

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : undefined;
};

export const actions: Actions = {
	/** The same command a socket sends; the change reaches every page through the journal. */
	zoneStatus: async ({ locals, request }) => {
		const session = requireRole(locals.session, 'organiser', '/control');
		const form = await request.formData();
		const app = await getApp();
		const ack = await app.execute(actorOf(session), 'zone:set-status', {
			commandId: field(form, 'commandId') || newId(),
			zoneId: field(form, 'zoneId'),
			status: field(form, 'status'),
			verified: field(form, 'verified') === 'on'
		});
		return ack.ok ? { ok: true, seq: ack.seq } : failFromAck(ack);
	},

	invite: async ({ locals, request, url }) => {
		const session = requireRole(locals.session, 'organiser', '/control');
		const marshalId = z
			.string()
			.min(1)
			.max(64)
			.safeParse(field(await request.formData(), 'marshalId'));
		if (!marshalId.success) return fail(400, { message: 'Choose a marshal.' });
		const app = await getApp();
		const token = await app.identity.createInvite(session.eventId, marshalId.data);
		if (!token) return fail(404, { message: 'No such marshal in this event.' });
		return { invite: { marshalId: marshalId.data, url: new URL(`/join/${token}`, url).href } };
	},

	revoke: async ({ locals, request }) => {
		const session = requireRole(locals.session, 'organiser', '/control');
		const form = await request.formData();
		const app = await getApp();
		const ack = await app.execute(actorOf(session), 'device:revoke', {
			commandId: field(form, 'commandId') || newId(),
			deviceId: field(form, 'deviceId')
		});
		return ack.ok ? { ok: true, seq: ack.seq } : failFromAck(ack);
	}
};
