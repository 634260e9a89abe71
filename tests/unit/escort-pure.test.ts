/**
 * The pure pieces of "Walk with me": distance bands, what the visitor is told, the control
 * room's escort alarms, the map's escort points and whom an escort is offered to.
 */
import { describe, expect, it } from 'vitest';
import { escortAlarms } from '$lib/client/escort-alarms';
import { escortWords } from '$lib/client/escort-request';
import { newOffers, openEscorts } from '$lib/client/escort-offers';
import { escortFeatures } from '$lib/map/escort-features';
import { chooseMarshals } from '$lib/server/services/escort-offers';
import { bandOf, type Escort, type PublicEscort } from '$lib/shared/escort';
import type { LngLat } from '$lib/shared/geo';
import type { EventState, Marshal } from '$lib/shared/model';
import { emptyState } from '$lib/shared/reducer';

const AT: LngLat = [174.776137, -41.291561];
const north = (m: number): LngLat => [AT[0], AT[1] + m / 111_195];

function escort(over: Partial<Escort> = {}): Escort {
	return {
		id: 'e1',
		state: 'requested',
		pickup: AT,
		requestedAt: '2030-01-01T01:00:00.000Z',
		updatedAt: '2030-01-01T01:00:00.000Z',
		round: 0,
		respondBy: '2030-01-01T01:01:00.000Z',
		offeredTo: ['m1'],
		declinedBy: [],
		marshalId: null,
		alarm: null,
		escalated: false,
		closedAt: null,
		...over
	};
}

const publicEscort = (over: Partial<PublicEscort> = {}): PublicEscort => ({
	escortId: 'e1',
	state: 'requested',
	codeWord: 'cedar heron',
	marshalName: null,
	band: null,
	eta: null,
	escalated: false,
	requestedAt: '2030-01-01T01:00:00.000Z',
	closedAt: null,
	cancelledBy: null,
	...over
});

describe('bandOf', () => {
	it.each([
		[0, 'under-250'],
		[249.9, 'under-250'],
		[250, '250-500'],
		[499, '250-500'],
		[500, '500-1000'],
		[999, '500-1000'],
		[1000, 'over-1000'],
		[50_000, 'over-1000']
	] as const)('%d m is %s', (m, band) => expect(bandOf(m)).toBe(band));
});

describe('escortWords', () => {
	it('is honest while nobody has accepted', () => {
		expect(escortWords(publicEscort()).heading).toMatch(/asking marshals/i);
		const late = escortWords(publicEscort({ escalated: true }));
		expect(late.heading).toBe('Nobody has accepted yet');
		expect(late.body).toContain("The control room has been alerted and we're asking more marshals");
	});
	it('names who is coming, the band and the estimate, never metres', () => {
		const w = escortWords(
			publicEscort({
				state: 'accepted',
				marshalName: 'Sam O.',
				band: '250-500',
				eta: '4–7 minutes'
			})
		);
		expect(w.heading).toBe('Sam O. is coming');
		expect(w.body).toContain('250–500 m away, 4–7 minutes');
		expect(escortWords(publicEscort({ state: 'accepted', marshalName: 'Sam O.' })).body).toMatch(
			/not known yet/
		);
	});
	it('says who closed it', () => {
		expect(escortWords(publicEscort({ state: 'arrived' })).tone).toBe('closed');
		expect(escortWords(publicEscort({ state: 'cancelled', cancelledBy: 'control' })).body).toMatch(
			/control room closed/
		);
	});
});

describe('escortAlarms', () => {
	const state = (escorts: Escort[], refusals: EventState['escortRefusals'] = {}) => ({
		escorts: Object.fromEntries(escorts.map((e) => [e.id, e])),
		escortRefusals: refusals
	});
	it('rings for open escorts with an alarm only', () => {
		const alarm = { at: '2030-01-01T01:01:00.000Z', round: 0 };
		const alarms = escortAlarms(
			state([
				escort({ id: 'a', alarm }),
				escort({ id: 'b' }),
				escort({ id: 'c', alarm, state: 'cancelled' })
			])
		);
		expect(alarms.map((a) => a.kind === 'escort-unanswered' && a.escortId)).toEqual(['a']);
	});
	it('keeps one key for a refusal group whatever its count', () => {
		const group = (count: number) => ({
			g: { id: 'g', source: 'device' as const, count, since: 's', lastAt: 'l', acknowledged: false }
		});
		const [first] = escortAlarms(state([], group(1)));
		const [later] = escortAlarms(state([], group(90)));
		expect(later.key).toBe(first.key);
		expect(escortAlarms(state([], { g: { ...group(3).g, acknowledged: true } }))).toEqual([]);
	});
});

describe('escortFeatures', () => {
	it('draws pick-up, destination and the coming marshal for open escorts only', () => {
		const fc = escortFeatures(
			{
				e1: escort({ state: 'accepted', marshalId: 'm1', destinationPosition: north(400) }),
				e2: escort({ id: 'e2', state: 'arrived' })
			},
			new Map([['m1', { marshalId: 'm1', position: north(100), accuracy: 5, at: 'x' }]])
		);
		expect(fc.features.map((f) => f.id)).toEqual(['e1:pickup', 'e1:destination', 'e1:marshal']);
	});
});

describe('a marshal’s escort list', () => {
	it('shows offers awaiting them and their own walks; alerts each offer once', () => {
		const list = openEscorts(
			{
				a: escort({ id: 'a' }),
				b: escort({ id: 'b', declinedBy: ['m1'] }),
				c: escort({ id: 'c', state: 'walking', marshalId: 'm1' }),
				d: escort({ id: 'd', state: 'accepted', marshalId: 'm2' })
			},
			'm1'
		);
		expect(list.map((e) => e.id)).toEqual(['c', 'a']);
		const first = newOffers(new Set(), list, 'm1');
		expect(first.fresh.map((e) => e.id)).toEqual(['a']);
		expect(newOffers(first.seen, list, 'm1').fresh).toEqual([]);
	});
});

describe('chooseMarshals', () => {
	const marshal = (id: string, status: Marshal['status']): Marshal => ({
		id,
		displayName: id,
		sectorId: null,
		status,
		devices: []
	});
	const s: EventState = {
		...emptyState('x'),
		marshals: Object.fromEntries(
			[
				marshal('far', 'available'),
				marshal('near', 'available'),
				marshal('unknown', 'available'),
				marshal('busy', 'on-job'),
				marshal('resting', 'on-break'),
				marshal('home', 'off-shift')
			].map((m) => [m.id, m])
		)
	};
	const positions = [
		{ marshalId: 'far', position: north(900), accuracy: 5, at: 'x' },
		{ marshalId: 'near', position: north(50), accuracy: 5, at: 'x' },
		{ marshalId: 'busy', position: north(10), accuracy: 5, at: 'x' },
		{ marshalId: 'resting', position: north(20), accuracy: 5, at: 'x' }
	];
	it('asks the nearest free marshals first, those without a position last', () => {
		const opts = { exclude: [], limit: 5, statuses: ['available'] as const };
		expect(chooseMarshals(s, positions, AT, opts)).toEqual(['near', 'far', 'unknown']);
		expect(chooseMarshals(s, positions, AT, { ...opts, limit: 2 })).toEqual(['near', 'far']);
	});
	it('widens to those on a break, never to those busy or off shift, never twice', () => {
		const opts = { exclude: ['near'], limit: 6, statuses: ['available', 'on-break'] as const };
		expect(chooseMarshals(s, positions, AT, opts)).toEqual(['resting', 'far', 'unknown']);
	});
});
