import type { PublicEscort } from '$lib/shared/escort';
import { BAND_LABELS } from '$lib/shared/escort-labels';

/**
 * What the visitor's escort panel says, from their own escort's status alone (pure, tested).
 * Honest: while nobody has accepted it says so, and what is being done about it.
 */
export type EscortWords = { heading: string; body: string; tone: 'waiting' | 'coming' | 'closed' };

export function escortWords(e: PublicEscort): EscortWords {
	switch (e.state) {
		case 'requested':
			return e.escalated
				? {
						heading: 'Nobody has accepted yet',
						body: "The control room has been alerted and we're asking more marshals. Stay where people can see you, or go to the nearest open safe spot; you can cancel at any time.",
						tone: 'waiting'
					}
				: {
						heading: 'Asking marshals near you',
						body: 'Your request went to the nearest free marshals and the control room. You will see here who is coming.',
						tone: 'waiting'
					};
		case 'accepted': {
			const who = e.marshalName ?? 'A marshal';
			const far = e.band
				? ` They are ${BAND_LABELS[e.band]} away, ${e.eta ?? ''}.`
				: ' Their distance is not known yet.';
			return { heading: `${who} is coming`, body: `${who} accepted.${far}`, tone: 'coming' };
		}
		case 'walking':
			return {
				heading: `Walking with ${e.marshalName ?? 'a marshal'}`,
				body: 'The control room can see the walk. If anything feels wrong, say so or cancel.',
				tone: 'coming'
			};
		case 'arrived':
			return {
				heading: 'You arrived safely',
				body: 'This request is closed. Nothing about it is kept on this phone.',
				tone: 'closed'
			};
		case 'cancelled':
			return {
				heading: 'Request cancelled',
				body:
					e.cancelledBy === 'control'
						? 'The control room closed this request. If you still need someone, ask again.'
						: 'You cancelled this request. If you still need someone, ask again.',
				tone: 'closed'
			};
	}
}
