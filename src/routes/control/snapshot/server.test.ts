import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { Session } from '$lib/server/store/types';
import { GET } from './+server';

/**
 * The control room's snapshot holds every incident and marshal: the endpoint refuses anyone
 * but a signed-in organiser exactly as the page does (the same redirect to sign in), before
 * it touches the app. The organiser's own answer is checked end to end
 * (tests/e2e/control-snapshot.spec.ts).
 */

const session = (role: Session['role']): Session => ({
	id: `s-${role}`,
	tokenHash: '',
	role,
	eventId: 'some-event',
	subjectId: role === 'public' ? null : `${role}-1`,
	createdAt: new Date().toISOString(),
	expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
	revokedAt: null
});

async function answerFor(s: Session | null): Promise<unknown> {
	const event = { locals: { session: s } } as unknown as Parameters<typeof GET>[0];
	try {
		return await GET(event);
	} catch (thrown) {
		return thrown;
	}
}

describe('GET /control/snapshot', () => {
	for (const [who, s] of [
		['nobody signed in', null],
		['a marshal', session('marshal')],
		['an attendee', session('public')]
	] as const) {
		it(`sends ${who} to sign in, as /control does, with no snapshot`, async () => {
			const answer = await answerFor(s);
			expect(answer instanceof Response).toBe(false);
			expect(isRedirect(answer)).toBe(true);
			if (!isRedirect(answer)) return;
			expect(answer.status).toBe(303);
			expect(answer.location).toBe('/signin?next=%2Fcontrol');
		});
	}
});
