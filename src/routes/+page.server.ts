import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app-global';
import { liveData, mapConfigData, publicSession } from '$lib/server/http/page-context';

export const load: PageServerLoad = async ({ cookies, url }) => {
	const app = await getApp();
	const session = publicSession(app, cookies, url.protocol === 'https:');
	return {
		live: await liveData(app, session),
		map: mapConfigData(app),
		now: new Date().toISOString()
	};
};
