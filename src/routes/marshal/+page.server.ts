import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { liveData, mapConfigData } from '$lib/server/http/page-context';

export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const session = locals.session;
	if (session?.role !== 'marshal' || !session.subjectId) {
		return { live: null, map: mapConfigData(app), marshal: null };
	}
	const live = await liveData(app, session);
	const me = live.snapshot.marshals[session.subjectId];
	return {
		live,
		map: mapConfigData(app),
		marshal: me ? { id: me.id, displayName: me.displayName } : null
	};
};
