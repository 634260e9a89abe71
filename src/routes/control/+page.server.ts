import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import {
	actorOf,
	failFromAck,
	liveData,
	mapConfigData,
	requireRole
} from '$lib/server/http/page-context';
import { newId } from '$lib/shared/ids';

export const load: PageServerLoad = async ({ locals }) => {
	const session = requireRole(locals.session, 'organiser', '/control');
	const app = await getApp();
	const organiser = session.subjectId ? await app.store.findOrganiserById(session.subjectId) : null;
	return {
		live: await liveData(app, session),
		map: mapConfigData(app),
		organiser: { displayName: organiser?.displayName ?? 'Organiser', email: organiser?.email ?? '' }
	};
};

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
