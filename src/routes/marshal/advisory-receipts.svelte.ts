/**
 * Broadcasts this phone has: tell the control room once each (it shows who has them). Not
 * through the outbox: the journal says which are acknowledged, so this simply runs again on
 * the next connection until none is missing. Call during component set-up.
 */
import type { Connection, LiveEvent } from '$lib/client/live.svelte';
import type { Advisory } from '$lib/shared/model';

export function useAdvisoryReceipts(page: {
	live: () => LiveEvent | null;
	connection: () => Connection | null;
	advisories: () => Advisory[];
	marshalId: () => string;
}): void {
	// Plain on purpose: what was asked must not re-run the effect that asks.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const receiptsAsked = new Set<string>();
	$effect(() => {
		const live = page.live();
		if (page.connection() !== 'live' || !live) return;
		const link = live;
		const missing = page
			.advisories()
			.filter((a) => a.audience === 'marshals' && !a.receivedBy[page.marshalId()])
			.map((a) => a.id)
			.filter((id) => !receiptsAsked.has(id))
			.slice(0, 20);
		if (missing.length === 0) return;
		for (const id of missing) receiptsAsked.add(id);
		void link.send('advisory:receive', { advisoryIds: missing }).then((ack) => {
			// Not arrived: ask again on the next change or connection.
			if (!ack.ok && ack.code === 'unavailable') for (const id of missing) receiptsAsked.delete(id);
		});
	});
}
