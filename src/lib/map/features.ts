/**
 * Pure builders from the event state to GeoJSON for the map's sources.
 * No maplibre import here: these run in unit tests and could run in a worker.
 *
 * Every feature carries a stable id twice: as the GeoJSON feature `id` and as
 * `properties.id`, which the sources promote (`promoteId: 'id'`) so string ids
 * work for feature state and for clicks.
 */
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type {
	EventState,
	IncidentCategory,
	IncidentState,
	LngLat,
	MarshalStatus,
	ZoneKind,
	ZoneStatus
} from '$lib/shared/model';
import type { MarshalPosition } from '$lib/shared/protocol';

export type RouteProps = { id: string };
export type SectorProps = { id: string; name: string };
export type ZoneProps = {
	id: string;
	name: string;
	kind: ZoneKind;
	status: ZoneStatus;
	verifiedAt: string | null;
};
export type IncidentProps = {
	id: string;
	category: IncidentCategory;
	severity: number;
	state: IncidentState;
	/** A new report nobody in the control room has acknowledged yet. */
	unacknowledged: boolean;
	/** False once the incident reached a final state (resolved, cancelled, duplicate, referred). */
	open: boolean;
};

export type MarshalProps = {
	id: string;
	status: MarshalStatus;
	/** No position for longer than the stale limit: drawn faded. */
	stale: boolean;
};

export type Collection<G extends LineString | Polygon | Point, P> = FeatureCollection<G, P>;

/** The one id the route line has: there is one route per event. */
export const ROUTE_FEATURE_ID = 'route';

const CLOSED_STATES: ReadonlySet<IncidentState> = new Set([
	'resolved',
	'cancelled',
	'duplicate',
	'referred'
]);

function collection<G extends LineString | Polygon | Point, P>(
	features: Feature<G, P>[]
): Collection<G, P> {
	return { type: 'FeatureCollection', features };
}

function feature<G extends LineString | Polygon | Point, P extends { id: string }>(
	geometry: G,
	properties: P
): Feature<G, P> {
	return { type: 'Feature', id: properties.id, geometry, properties };
}

/** A ring as GeoJSON wants it: closed (first position repeated at the end). */
export function closeRing(ring: readonly LngLat[]): LngLat[] {
	if (ring.length === 0) return [];
	const first = ring[0];
	const last = ring[ring.length - 1];
	const closed = first[0] === last[0] && first[1] === last[1];
	return closed ? ring.map((p) => [p[0], p[1]]) : [...ring, first].map((p) => [p[0], p[1]]);
}

export function routeFeatures(
	state: Pick<EventState, 'route'>
): Collection<LineString, RouteProps> {
	const route = state.route;
	if (!route || route.length < 2) return collection([]);
	const coordinates = route.map((p) => [p[0], p[1]]);
	return collection([feature({ type: 'LineString', coordinates }, { id: ROUTE_FEATURE_ID })]);
}

export function sectorFeatures(
	state: Pick<EventState, 'sectors'>
): Collection<Polygon, SectorProps> {
	const out: Feature<Polygon, SectorProps>[] = [];
	for (const sector of Object.values(state.sectors)) {
		const ring = closeRing(sector.ring);
		// A polygon ring needs at least three distinct corners plus the closing position.
		if (ring.length < 4) continue;
		out.push(
			feature({ type: 'Polygon', coordinates: [ring] }, { id: sector.id, name: sector.name })
		);
	}
	return collection(out);
}

export function zoneFeatures(state: Pick<EventState, 'zones'>): Collection<Point, ZoneProps> {
	const out: Feature<Point, ZoneProps>[] = [];
	for (const zone of Object.values(state.zones)) {
		out.push(
			feature(
				{ type: 'Point', coordinates: [zone.position[0], zone.position[1]] },
				{
					id: zone.id,
					name: zone.name,
					kind: zone.kind,
					status: zone.status,
					verifiedAt: zone.verifiedAt
				}
			)
		);
	}
	return collection(out);
}

export type IncidentFeatureOptions = {
	/** Include incidents in a final state (resolved, cancelled…). Default: true. */
	includeClosed?: boolean;
};

export function incidentFeatures(
	state: Pick<EventState, 'incidents'>,
	options: IncidentFeatureOptions = {}
): Collection<Point, IncidentProps> {
	const includeClosed = options.includeClosed ?? true;
	const out: Feature<Point, IncidentProps>[] = [];
	for (const incident of Object.values(state.incidents)) {
		if (!incident.position) continue;
		const open = !CLOSED_STATES.has(incident.state);
		if (!open && !includeClosed) continue;
		out.push(
			feature(
				{ type: 'Point', coordinates: [incident.position[0], incident.position[1]] },
				{
					id: incident.id,
					category: incident.category,
					severity: incident.severity,
					state: incident.state,
					unacknowledged: incident.state === 'reported',
					open
				}
			)
		);
	}
	return collection(out);
}

/** A position older than this (ms) is stale: the marshal may have moved or lost signal. */
export const STALE_AFTER_MS = 60_000;

/** Whether a position reported at `at` is stale at `now`. */
export function isStale(at: string, now: Date, limitMs = STALE_AFTER_MS): boolean {
	const t = Date.parse(at);
	return !Number.isFinite(t) || now.getTime() - t > limitMs;
}

/**
 * Marshals on shift where their phone last said they were. Joins live positions (keyed by
 * marshal id) with the roster: a position of a marshal not on the roster, or off shift, is
 * left out. Sorted by id so the same people always give the same collection.
 */
export function marshalFeatures(
	state: Pick<EventState, 'marshals'>,
	positions: ReadonlyMap<string, MarshalPosition>,
	now: Date
): Collection<Point, MarshalProps> {
	const out: Feature<Point, MarshalProps>[] = [];
	const ids = [...positions.keys()].sort();
	for (const id of ids) {
		const marshal = state.marshals[id];
		const p = positions.get(id);
		if (!marshal || !p || marshal.status === 'off-shift') continue;
		out.push(
			feature(
				{ type: 'Point', coordinates: [p.position[0], p.position[1]] },
				{ id, status: marshal.status, stale: isStale(p.at, now) }
			)
		);
	}
	return collection(out);
}

/** The ids of a collection, in order: what the map's test probes expose. */
export function featureIds(fc: FeatureCollection): string[] {
	return fc.features.map((f) => String(f.properties?.id ?? f.id));
}
