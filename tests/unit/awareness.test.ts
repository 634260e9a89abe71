/**
 * Hazard areas and broadcast receipts through the real CommandService on SQLite: what is
 * journaled, who sees it, how a hazard fades and ends by itself, and what is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandActor } from '$lib/server/services/decisions';
import { hazardStrength, isHazardActive, isNearHazard } from '$lib/shared/awareness';
import { newId } from '$lib/shared/ids';
import type { LngLat } from '$lib/shared/geo';
import type { Hazard } from '$lib/shared/model';
import { viewEvent, viewState } from '$lib/shared/views';
import { CUBA, startApp } from './support/decision-app';

let t: Awaited<ReturnType<typeof startApp>>;
let org: CommandActor;
let aroha: CommandActor;
let priya: CommandActor;

beforeAll(async () => {
	t = await startApp();
	org = await t.organiser();
	aroha = await t.marshal('marshal-aroha');
	priya = await t.marshal('marshal-priya');
});
afterAll(() => t?.close());

const mark = (extra: object = {}) => ({
	hazardId: newId(),
	position: CUBA,
	radiusMetres: 100,
	text: 'Group throwing bottles, last seen heading up Cuba Street',
	expiresInSeconds: 600,
	...extra
});

describe('hazard:mark and hazard:clear', () => {
	it('journals a hazard with its expiry, shown to every marshal and never to the public', async () => {
		const payload = mark();
		const { events } = await t.must(org, 'hazard:mark', payload);
		const marked = t.only(events);
		expect(marked.type).toBe('hazard:marked');
		expect(marked.data).toEqual({
			hazardId: payload.hazardId,
			position: CUBA,
			radiusMetres: 100,
			text: payload.text,
			expiresAt: new Date(Date.parse(marked.at) + 600_000).toISOString()
		});
		const state = await t.state();
		const public_ = { role: 'public', sessionId: 'pub-1' } as const;
		expect(viewEvent(public_, marked, state)).toBeNull();
		expect(viewState(public_, state).hazards).toEqual({});
		for (const marshalId of ['marshal-aroha', 'marshal-priya']) {
			const audience = { role: 'marshal', marshalId } as const;
			expect(viewEvent(audience, marked, state)?.data).toEqual(marked.data);
			expect(viewState(audience, state).hazards[payload.hazardId]).toMatchObject({
				text: payload.text
			});
		}
	});

	it('ends when cleared, and a second clear is refused', async () => {
		const payload = mark();
		await t.must(org, 'hazard:mark', payload);
		await t.must(org, 'hazard:clear', { hazardId: payload.hazardId });
		const h = (await t.state()).hazards[payload.hazardId];
		expect(h.clearedAt).not.toBeNull();
		expect(isHazardActive(h, new Date())).toBe(false);
		expect(
			viewState({ role: 'marshal', marshalId: 'marshal-aroha' }, await t.state()).hazards
		).not.toHaveProperty(payload.hazardId);
		await t.refused('conflict', org, 'hazard:clear', { hazardId: payload.hazardId });
		await t.refused('not-found', org, 'hazard:clear', { hazardId: newId() });
	});

	it('refuses a duplicate id, a radius or lifetime out of bounds, and marshals', async () => {
		const payload = mark();
		await t.must(org, 'hazard:mark', payload);
		await t.refused('conflict', org, 'hazard:mark', { ...payload, text: 'Again' });
		const before = await t.head();
		for (const bad of [{ radiusMetres: 5 }, { expiresInSeconds: 5 }, { position: [500, 0] }]) {
			const ack = await t.send(org, 'hazard:mark', mark(bad));
			expect(ack).toMatchObject({ ok: false, code: 'invalid', issues: [expect.any(Object)] });
		}
		expect(await t.head()).toBe(before);
		await t.refused('forbidden', aroha, 'hazard:mark', mark());
	});
});

describe('how a hazard reads over time and distance', () => {
	const h: Hazard = {
		id: 'h',
		position: CUBA,
		radiusMetres: 100,
		text: 'x',
		markedAt: '2030-01-01T00:00:00.000Z',
		expiresAt: '2030-01-01T00:10:00.000Z',
		clearedAt: null
	};
	const at = (min: number) => new Date(Date.parse(h.markedAt) + min * 60_000);

	it('fades from full strength to a quarter, then is gone at expiry', () => {
		expect(hazardStrength(h, at(0))).toBe(1);
		expect(hazardStrength(h, at(5))).toBeCloseTo(0.625);
		expect(hazardStrength(h, at(9.99))).toBeGreaterThan(0.25);
		expect(hazardStrength(h, at(10))).toBe(0);
		expect(isHazardActive(h, at(9.99))).toBe(true);
		expect(isHazardActive(h, at(10))).toBe(false);
	});

	it('counts someone near within the radius plus a margin, not beyond', () => {
		const north = (m: number): LngLat => [CUBA[0], CUBA[1] + m / 111_320];
		expect(isNearHazard(h, CUBA)).toBe(true);
		expect(isNearHazard(h, north(240))).toBe(true);
		expect(isNearHazard(h, north(260))).toBe(false);
		expect(isNearHazard(h, north(2000))).toBe(false);
	});
});

describe('advisory:receive', () => {
	const post = async (extra: object = {}) => {
		const advisoryId = newId();
		await t.must(org, 'advisory:post', {
			advisoryId,
			audience: 'marshals',
			text: 'Cuba Street: police on the way',
			expiresInMinutes: 30,
			...extra
		});
		return advisoryId;
	};

	it('records each phone once, shows the control room who has it, and each marshal only their own', async () => {
		const advisoryId = await post();
		const { events } = await t.must(aroha, 'advisory:receive', { advisoryIds: [advisoryId] });
		expect(t.only(events)).toMatchObject({
			type: 'advisory:received',
			data: { advisoryId, marshalId: 'marshal-aroha' }
		});
		await t.refused('conflict', aroha, 'advisory:receive', { advisoryIds: [advisoryId] });
		await t.must(priya, 'advisory:receive', { advisoryIds: [advisoryId, advisoryId] });

		const state = await t.state();
		expect(Object.keys(state.advisories[advisoryId].receivedBy).sort()).toEqual([
			'marshal-aroha',
			'marshal-priya'
		]);
		const arohaView = viewState({ role: 'marshal', marshalId: 'marshal-aroha' }, state);
		expect(Object.keys(arohaView.advisories[advisoryId].receivedBy)).toEqual(['marshal-aroha']);
		const [priyaReceipt] = (await t.journalAfter(0)).filter(
			(e) => e.type === 'advisory:received' && e.data.marshalId === 'marshal-priya'
		);
		expect(viewEvent({ role: 'marshal', marshalId: 'marshal-aroha' }, priyaReceipt, state)).toBe(
			null
		);
	});

	it('refuses public advisories, other sectors, unknown ids and organisers', async () => {
		const publicId = newId();
		await t.must(org, 'advisory:post', {
			advisoryId: publicId,
			audience: 'public',
			text: 'Water at the park',
			expiresInMinutes: 30
		});
		const state = await t.state();
		const otherSector = Object.keys(state.sectors).find(
			(s) => s !== state.marshals['marshal-aroha'].sectorId
		);
		const elsewhere = await post({ sectorId: otherSector });
		await t.refused('not-found', aroha, 'advisory:receive', { advisoryIds: [publicId] });
		await t.refused('not-found', aroha, 'advisory:receive', { advisoryIds: [elsewhere] });
		await t.refused('not-found', aroha, 'advisory:receive', { advisoryIds: [newId()] });
		await t.refused('forbidden', org, 'advisory:receive', { advisoryIds: [elsewhere] });
	});
});
