import { describe, expect, it } from 'vitest';
import { distanceMetres, pointInRing, type LngLat } from '$lib/shared/geo';
import { JOURNAL_EVENTS, JournalEventSchema, type JournalEvent } from '$lib/shared/journal';
import { ZONE_KINDS } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { isOpenAt } from '$lib/shared/time';
import { viewState } from '$lib/shared/views';
import { wellingtonDemo } from './wellington';

const AT = '2026-02-14T05:00:00.000Z';
const demo = wellingtonDemo('wellington-pride', AT);
const numbered = (events = demo.events): JournalEvent[] =>
	events.map((e, i) => ({ ...e, seq: i + 1 }) as JournalEvent);
const byType = <T extends JournalEvent['type']>(type: T) =>
	demo.events.filter((e): e is Extract<typeof e, { type: T }> => e.type === type);

describe('wellingtonDemo', () => {
	it('emits setup events in order: configured, route, 3 sectors, zones, 10 marshals', () => {
		const types = demo.events.map((e) => e.type);
		const zoneCount = types.filter((t) => t === 'zone:set').length;
		expect(zoneCount).toBeGreaterThanOrEqual(8);
		expect(zoneCount).toBeLessThanOrEqual(10);
		expect(types).toEqual([
			'event:configured',
			'route:set',
			...Array(3).fill('sector:set'),
			...Array(zoneCount).fill('zone:set'),
			...Array(10).fill('marshal:added')
		]);
	});

	it('gives every event data that parses with its journal schema', () => {
		for (const e of demo.events) {
			const parsed = JOURNAL_EVENTS[e.type].safeParse(e.data);
			expect(parsed.success, `${e.id} ${e.type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(
				true
			);
		}
	});

	it('gives whole entries that parse as journal events once numbered', () => {
		for (const e of numbered()) expect(JournalEventSchema.safeParse(e).success).toBe(true);
	});

	it('is deterministic, uses the given time and the system actor', () => {
		expect(wellingtonDemo('wellington-pride', AT)).toEqual(demo);
		for (const e of demo.events) {
			expect(e.at).toBe(AT);
			expect(e.actor).toEqual({ role: 'system' });
		}
		expect(demo.events[0].id).toBe('demo-wellington-pride-1');
		expect(new Set(demo.events.map((e) => e.id)).size).toBe(demo.events.length);
	});

	it('keeps event ids valid and distinct for the longest event ids', () => {
		const a = wellingtonDemo('a'.repeat(63) + 'b', AT);
		const b = wellingtonDemo('a'.repeat(63) + 'c', AT);
		for (const e of numbered(a.events)) expect(JournalEventSchema.safeParse(e).success).toBe(true);
		const idsA = new Set(a.events.map((e) => e.id));
		expect(b.events.some((e) => idsA.has(e.id))).toBe(false);
	});

	it('returns fresh copies, so mutating one journal cannot change the next', () => {
		const pristine = structuredClone(wellingtonDemo('x', AT));
		const first = wellingtonDemo('x', AT);
		const route = first.events[1];
		if (route.type !== 'route:set') throw new Error('expected route:set');
		route.data.coordinates[0][0] = 0;
		first.marshals[0].displayName = 'changed';
		expect(wellingtonDemo('x', AT)).toEqual(pristine);
	});

	it('configures a Wellington event in the Auckland time zone', () => {
		const [configured] = byType('event:configured');
		expect(configured.data).toMatchObject({ timezone: 'Pacific/Auckland' });
		expect(configured.data.name).toMatch(/Wellington.*demo/i);
		expect(configured.data.zoom).toBeGreaterThanOrEqual(15);
		expect(configured.data.zoom).toBeLessThanOrEqual(16.5);
		// Te Aro, central Wellington.
		const [lng, lat] = configured.data.center;
		expect(lng).toBeGreaterThan(174.77);
		expect(lng).toBeLessThan(174.79);
		expect(lat).toBeGreaterThan(-41.3);
		expect(lat).toBeLessThan(-41.28);
	});

	it('offers a few landmarks for attendees without GPS, each within walking distance', () => {
		const [configured] = byType('event:configured');
		const landmarks = configured.data.landmarks ?? [];
		expect(landmarks.length).toBeGreaterThanOrEqual(3);
		expect(new Set(landmarks.map((l) => l.id)).size).toBe(landmarks.length);
		for (const l of landmarks) {
			expect(distanceMetres(l.position, configured.data.center)).toBeLessThan(1000);
		}
		// They reach the public through the fold and the public view.
		const state = applyAll(emptyState('wellington-pride'), numbered());
		expect(viewState({ role: 'public', sessionId: 'pub-x' }, state).info?.landmarks).toEqual(
			landmarks
		);
	});

	const [route] = byType('route:set');
	const sectors = byType('sector:set').map((e) => e.data);
	const zones = byType('zone:set').map((e) => e.data);
	const inSomeSector = (p: LngLat) => sectors.filter((s) => pointInRing(p, s.ring));

	it('draws a route of street-scale steps, about 1 to 2 km long', () => {
		const coords = route.data.coordinates;
		expect(coords.length).toBeGreaterThanOrEqual(15);
		expect(coords.length).toBeLessThanOrEqual(40);
		let total = 0;
		for (let i = 1; i < coords.length; i++) {
			const step = distanceMetres(coords[i - 1], coords[i]);
			expect(step).toBeGreaterThan(5);
			expect(step).toBeLessThan(150);
			total += step;
		}
		expect(total).toBeGreaterThan(1000);
		expect(total).toBeLessThan(2000);
	});

	it('closes every sector ring and covers every route point with exactly one sector', () => {
		expect(sectors.map((s) => s.sectorId).sort()).toEqual([
			'sector-courtenay',
			'sector-cuba',
			'sector-waterfront'
		]);
		for (const s of sectors) expect(s.ring[0]).toEqual(s.ring[s.ring.length - 1]);
		for (const p of route.data.coordinates) expect(inSomeSector(p)).toHaveLength(1);
	});

	it('places every zone inside exactly one sector, with hours and accessibility notes', () => {
		for (const z of zones) {
			expect(inSomeSector(z.position), z.zoneId).toHaveLength(1);
			expect(z.hours.length).toBeGreaterThan(0);
			expect(z.accessibility).toBeTruthy();
			expect(z.zoneId).toMatch(/^zone-[a-z0-9-]+$/);
		}
		expect(new Set(zones.map((z) => z.kind))).toEqual(new Set(ZONE_KINDS));
	});

	it('has zones open past midnight and past 4 am local time, and closed by day', () => {
		const tz = 'Pacific/Auckland';
		// 04:30 and 07:00 on a February night: NZDT, UTC+13.
		const at0430 = new Date('2026-02-14T15:30:00Z');
		const at0700 = new Date('2026-02-14T18:00:00Z');
		const at0100 = new Date('2026-02-14T12:00:00Z');
		const openAt = (d: Date) => zones.filter((z) => isOpenAt(z.hours, d, tz)).length;
		expect(openAt(at0100)).toBeGreaterThanOrEqual(6);
		expect(openAt(at0430)).toBeGreaterThanOrEqual(4);
		expect(openAt(at0700)).toBe(0);
		const firstAid = zones.filter((z) => z.kind === 'first-aid');
		expect(firstAid.some((z) => isOpenAt(z.hours, at0430, tz))).toBe(true);
	});

	it('adds 10 marshals with distinct names, each in a demo sector, matching the returned list', () => {
		const added = byType('marshal:added').map((e) => e.data);
		expect(added).toHaveLength(10);
		expect(new Set(added.map((m) => m.displayName)).size).toBe(10);
		const sectorIds = new Set(sectors.map((s) => s.sectorId));
		for (const m of added) expect(sectorIds.has(m.sectorId ?? '')).toBe(true);
		expect(demo.marshals).toEqual(
			added.map((m) => ({ id: m.marshalId, displayName: m.displayName, sectorId: m.sectorId }))
		);
		for (const s of sectorIds) expect(added.some((m) => m.sectorId === s)).toBe(true);
	});

	it('folds to a ready event: 3 sectors, every zone open, 10 marshals off shift', () => {
		const state = applyAll(emptyState('wellington-pride'), numbered());
		expect(state.seq).toBe(demo.events.length);
		expect(state.info?.timezone).toBe('Pacific/Auckland');
		expect(state.route).toHaveLength(route.data.coordinates.length);
		expect(Object.keys(state.sectors)).toHaveLength(3);
		expect(Object.keys(state.zones)).toHaveLength(zones.length);
		for (const z of Object.values(state.zones)) expect(z.status).toBe('open');
		expect(Object.values(state.marshals).map((m) => m.status)).toEqual(Array(10).fill('off-shift'));
		expect(state.incidents).toEqual({});
	});
});
