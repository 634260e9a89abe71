import type { LngLat } from '$lib/shared/geo';
import type { JournalData, JournalEventType, NewJournalEvent } from '$lib/shared/journal';

/**
 * The demo event: a fictional Pride night in Te Aro, central Wellington.
 * The streets are real (Civic Square, Cuba Street, Dixon Street, Te Aro Park,
 * Courtenay Place, the waterfront); every venue, post and person is made up.
 * Deterministic: the same event id always yields the same journal.
 */

export type DemoMarshal = { id: string; displayName: string; sectorId: string };

/** Parade: Civic Square, down Cuba Street, along Dixon Street, Te Aro Park, Courtenay Place. */
const ROUTE: LngLat[] = [
	[174.7771, -41.2888], // Civic Square
	[174.7773, -41.2891],
	[174.7769, -41.2895], // Wakefield St / Cuba St, by the Town Hall
	[174.7766, -41.29],
	[174.7763, -41.2906], // Cuba St / Manners St
	[174.776, -41.2911], // Cuba Mall
	[174.7757, -41.2916], // Cuba St / Dixon St
	[174.7763, -41.2918], // Dixon St
	[174.777, -41.292],
	[174.7776, -41.2921],
	[174.7781, -41.2923], // Dixon St / Taranaki St
	[174.7786, -41.2924], // Te Aro Park
	[174.7793, -41.2926], // Courtenay Place
	[174.78, -41.2928],
	[174.7807, -41.293], // Courtenay Pl / Tory St
	[174.7814, -41.2932],
	[174.7821, -41.2934], // Courtenay Pl / Blair St / Allen St
	[174.7828, -41.2936],
	[174.7834, -41.2938],
	[174.784, -41.294] // Courtenay Pl / Kent Tce / Cambridge Tce, by the Embassy Theatre
];

type SectorSeed = { sectorId: string; name: string; ring: LngLat[] };

/** Three sectors that tile the area along Taranaki Street and the Courtenay Place frontage. */
const SECTORS: SectorSeed[] = [
	{
		sectorId: 'sector-cuba',
		name: 'Cuba',
		ring: [
			[174.7742, -41.2878],
			[174.7782, -41.2878],
			[174.7782, -41.296],
			[174.7738, -41.296],
			[174.7742, -41.2878]
		]
	},
	{
		sectorId: 'sector-courtenay',
		name: 'Courtenay',
		ring: [
			[174.7782, -41.2912],
			[174.7855, -41.2918],
			[174.7855, -41.2958],
			[174.7782, -41.296],
			[174.7782, -41.2912]
		]
	},
	{
		sectorId: 'sector-waterfront',
		name: 'Waterfront',
		ring: [
			[174.7782, -41.285],
			[174.7835, -41.285],
			[174.788, -41.289],
			[174.7855, -41.2918],
			[174.7782, -41.2912],
			[174.7782, -41.285]
		]
	}
];

type ZoneSeed = Omit<JournalData<'zone:set'>, 'zoneId'> & { zoneId: string };

/** Opening hours are daily, in local time; `to` at or before `from` runs past midnight. */
const ZONES: ZoneSeed[] = [
	{
		zoneId: 'zone-te-aro-first-aid',
		name: 'Te Aro Park First Aid',
		kind: 'first-aid',
		position: [174.7787, -41.2922],
		hours: [{ from: '18:00', to: '06:00' }],
		accessibility: 'Step-free on the paved square; stretcher bay; accessible toilet nearby',
		description: 'Volunteer paramedics in the white gazebo at the Dixon Street end of the park.'
	},
	{
		zoneId: 'zone-civic-square-welfare',
		name: 'Civic Square Welfare Tent',
		kind: 'welfare-tent',
		position: [174.7769, -41.2887],
		hours: [{ from: '16:00', to: '02:00' }],
		accessibility: 'Step-free from Wakefield Street; seating; accessible toilet in the library',
		description: 'Water, phone charging, someone to talk to. Lost friends meet here.'
	},
	{
		zoneId: 'zone-cuba-quiet-space',
		name: 'Cuba Street Quiet Room',
		kind: 'quiet-space',
		position: [174.7752, -41.293],
		hours: [{ from: '20:00', to: '04:30' }],
		accessibility: 'Step-free entrance, accessible toilet, dimmed lights, no music',
		description: 'A calm first-floor room above a fictional bookshop near Ghuznee Street.'
	},
	{
		zoneId: 'zone-kowhai-room',
		name: 'The Kōwhai Room',
		kind: 'partner-venue',
		position: [174.7748, -41.2946],
		hours: [{ from: '17:00', to: '03:00' }],
		accessibility: 'One small step at the door, ramp on request; gender-neutral toilets',
		description: 'Partner bar near Vivian Street: staff trained to help, free water.'
	},
	{
		zoneId: 'zone-cuba-marshal-post',
		name: 'Marshal Post: Cuba and Manners',
		kind: 'marshal-post',
		position: [174.7763, -41.2906],
		hours: [{ from: '17:00', to: '06:00' }],
		accessibility: 'Street level, step-free'
	},
	{
		zoneId: 'zone-harbourlight-bar',
		name: 'Harbourlight Bar',
		kind: 'partner-venue',
		position: [174.78, -41.2926],
		hours: [
			{ from: '12:00', to: '15:00' },
			{ from: '18:00', to: '05:00' }
		],
		accessibility: 'Step-free entrance, accessible toilet on the ground floor',
		description: 'Partner venue on Courtenay Place; ask the door staff for the Haven room.'
	},
	{
		zoneId: 'zone-courtenay-welfare',
		name: 'Courtenay Place Welfare Tent',
		kind: 'welfare-tent',
		position: [174.782, -41.2932],
		hours: [{ from: '20:00', to: '06:00' }],
		accessibility: 'Step-free, seating, blankets; accessible portable toilet',
		description: 'On the Blair Street corner. Escorts leave from here.'
	},
	{
		zoneId: 'zone-embassy-first-aid',
		name: 'Embassy Corner First Aid',
		kind: 'first-aid',
		position: [174.7838, -41.2937],
		hours: [{ from: '21:00', to: '05:00' }],
		accessibility: 'Step-free, on the footpath by the Kent Terrace crossing'
	},
	{
		zoneId: 'zone-courtenay-marshal-post',
		name: 'Marshal Post: Courtenay and Tory',
		kind: 'marshal-post',
		position: [174.7807, -41.2929],
		hours: [{ from: '17:00', to: '06:00' }],
		accessibility: 'Street level, step-free'
	},
	{
		zoneId: 'zone-waterfront-quiet-space',
		name: 'Waterfront Quiet Space',
		kind: 'quiet-space',
		position: [174.7798, -41.2876],
		hours: [{ from: '18:00', to: '00:00' }],
		accessibility: 'Step-free over the City to Sea bridge ramp, seating, accessible toilet',
		description: 'A sheltered marquee near the lagoon, away from the music.'
	}
];

/**
 * Places everyone in Te Aro knows, for attendees whose phone gives no position
 * ("I'm at the Bucket Fountain"). Real places, approximate points.
 */
const LANDMARKS: { id: string; name: string; position: LngLat }[] = [
	{ id: 'civic-square', name: 'Civic Square (by the library)', position: [174.7772, -41.2887] },
	{ id: 'bucket-fountain', name: 'Bucket Fountain, Cuba Mall', position: [174.776, -41.2921] },
	{ id: 'te-aro-park', name: 'Te Aro Park', position: [174.7786, -41.2924] },
	{ id: 'te-papa', name: 'Te Papa (museum entrance)', position: [174.7818, -41.2905] },
	{ id: 'embassy-theatre', name: 'Embassy Theatre', position: [174.7842, -41.2942] }
];

export const DEMO_MARSHALS: readonly DemoMarshal[] = [
	{ id: 'marshal-aroha', displayName: 'Aroha W.', sectorId: 'sector-cuba' },
	{ id: 'marshal-sione', displayName: 'Sione T.', sectorId: 'sector-cuba' },
	{ id: 'marshal-mei', displayName: 'Mei L.', sectorId: 'sector-cuba' },
	{ id: 'marshal-jordan', displayName: 'Jordan K.', sectorId: 'sector-cuba' },
	{ id: 'marshal-priya', displayName: 'Priya S.', sectorId: 'sector-courtenay' },
	{ id: 'marshal-tama', displayName: 'Tama H.', sectorId: 'sector-courtenay' },
	{ id: 'marshal-leilani', displayName: 'Leilani F.', sectorId: 'sector-courtenay' },
	{ id: 'marshal-farida', displayName: 'Farida N.', sectorId: 'sector-courtenay' },
	{ id: 'marshal-ngaio', displayName: 'Ngaio R.', sectorId: 'sector-waterfront' },
	{ id: 'marshal-sam', displayName: 'Sam O.', sectorId: 'sector-waterfront' }
];

/** Journal event ids are capped at 64 characters; long event ids get a stable short hash. */
function eventIdPrefix(eventId: string): string {
	const plain = `demo-${eventId}`;
	if (plain.length <= 56) return plain;
	let h = 0x811c9dc5; // FNV-1a, 32 bit
	for (const ch of eventId) {
		h ^= ch.codePointAt(0) ?? 0;
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return `demo-${eventId.slice(0, 40)}-${h.toString(16).padStart(8, '0')}`;
}

/** The demo journal (setup events, in order) and the marshals to invite. */
export function wellingtonDemo(
	eventId: string,
	at: string
): { events: NewJournalEvent[]; marshals: DemoMarshal[] } {
	const prefix = eventIdPrefix(eventId);
	const events: NewJournalEvent[] = [];
	const push = <T extends JournalEventType>(type: T, data: JournalData<T>) => {
		events.push({
			id: `${prefix}-${events.length + 1}`,
			type,
			at,
			actor: { role: 'system' },
			data
		} as NewJournalEvent);
	};

	push('event:configured', {
		name: 'Wellington Pride Night (demo)',
		timezone: 'Pacific/Auckland',
		center: [174.7795, -41.2915],
		zoom: 15.5,
		landmarks: structuredClone(LANDMARKS)
	});
	// Copies, so a caller that mutates its journal cannot change the next demo.
	push('route:set', { coordinates: structuredClone(ROUTE) });
	for (const s of SECTORS) push('sector:set', structuredClone(s));
	for (const z of ZONES) push('zone:set', structuredClone(z));
	for (const m of DEMO_MARSHALS) {
		push('marshal:added', { marshalId: m.id, displayName: m.displayName, sectorId: m.sectorId });
	}
	return { events, marshals: DEMO_MARSHALS.map((m) => ({ ...m })) };
}
