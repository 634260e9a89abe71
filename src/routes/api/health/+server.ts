import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app-global';

/** For load balancers and the demo's start-up check: 503 when the store is unreachable. */
export const GET: RequestHandler = async () => {
	const app = await getApp();
	const health = await app.health();
	return json(
		{
			ok: health.ok,
			store: { kind: health.store.kind, ok: health.store.ok },
			sockets: health.sockets
		},
		{ status: health.ok ? 200 : 503 }
	);
};
