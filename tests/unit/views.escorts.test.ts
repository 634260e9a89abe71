/**
 * Escorts in the night of support/views-night.ts: offers reach only the marshals asked,
 * the code word only the one who accepted, the requesting device nobody outside the control
 * room, and a visitor only their own request until it is long closed. Pure views, no server.
 */
import { describe, expect, it } from 'vitest';
import { publicEscortView, viewState, type Audience } from '$lib/shared/views';
import { PUBLIC, STATE } from './support/views-night';
import { visible } from './support/views-probes';

describe('escorts', () => {
	const as = (marshalId: string): Audience => ({ role: 'marshal', marshalId });
	const escortViews = (a: Audience) => visible(a).filter((e) => e.type.startsWith('escort:'));

	it('reach only the marshals asked, without the device, the code word only to the one who accepted', () => {
		const aroha = escortViews(as('marshal-aroha'));
		expect(aroha.map((e) => e.type)).toEqual([
			'escort:offered',
			'escort:accepted',
			'escort:walking',
			'escort:arrived',
			'escort:cancelled'
		]);
		expect(aroha[0].data).toMatchObject({ marshalIds: ['marshal-aroha'] });
		expect(aroha[1].data).toMatchObject({ codeWord: 'cedar heron' });
		const kai = escortViews(as('marshal-kai'));
		expect(kai.map((e) => e.type)).toEqual([
			'escort:offered',
			'escort:declined',
			'escort:accepted',
			'escort:cancelled'
		]);
		expect(JSON.stringify(kai)).not.toContain('cedar heron');
		expect(escortViews(as('marshal-priya'))).toEqual([]);
		for (const who of ['marshal-aroha', 'marshal-kai']) {
			expect(JSON.stringify(escortViews(as(who)))).not.toContain('sess-anon-secret');
			expect(JSON.stringify(viewState(as(who), STATE).escorts)).not.toContain('sess-anon-secret');
		}
		expect(viewState(as('marshal-aroha'), STATE).escorts['esc-1'].codeWord).toBe('cedar heron');
		expect(viewState(as('marshal-kai'), STATE).escorts['esc-1'].codeWord).toBeUndefined();
		expect(viewState(as('marshal-priya'), STATE).escorts).toEqual({});
	});

	it('give a visitor only their own, and nothing once it is long closed', () => {
		const now = new Date(Date.parse(STATE.escorts['esc-1'].closedAt ?? '') + 60_000);
		expect(publicEscortView(STATE, 'sess-viewer', null, now)).toBeNull();
		const own = publicEscortView(STATE, 'sess-anon-secret', null, now);
		expect(own).toMatchObject({
			escortId: 'esc-1',
			state: 'arrived',
			marshalName: 'Aroha Secretname'
		});
		const later = new Date(now.getTime() + 60 * 60_000);
		expect(publicEscortView(STATE, 'sess-anon-secret', null, later)).toBeNull();
		expect(viewState(PUBLIC, STATE).escorts).toEqual({});
		expect(viewState(PUBLIC, STATE).escortRefusals).toEqual({});
	});
});
