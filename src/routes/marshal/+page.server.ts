import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { liveData, mapConfigData } from '$lib/server/http/page-context';
import { viewShell } from '$lib/shared/views';
import { SHELL_HEADER } from '$lib/shared/pwa';

export const load: PageServerLoad = async ({ locals, request, setHeaders }) => {
	const app = await getApp();
	const session = locals.session;
	const shell = request.headers.get(SHELL_HEADER) === '1';
	if (session?.role !== 'marshal' || !session.subjectId) {
		// The service worker drops its saved shell on this refusal.
		if (shell) error(403, 'This phone is not signed in.');
		return { live: null, map: mapConfigData(app), marshal: null, shell: false };
	}
	const live = await liveData(app, session);
	const me = live.snapshot.marshals[session.subjectId];
	const marshal = me ? { id: me.id, displayName: me.displayName } : null;
	if (shell && marshal) {
		setHeaders({ [SHELL_HEADER]: '1' });
		// No ticket: a saved page must not hold a credential. The live link fetches one.
		return {
			live: { snapshot: viewShell(live.snapshot, marshal.id), ticket: '' },
			map: mapConfigData(app),
			marshal,
			shell: true
		};
	}
	return { live, map: mapConfigData(app), marshal, shell: false };
};
