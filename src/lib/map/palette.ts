/**
 * Colours of the event layers, in one place so a legend or a list beside the map can use
 * the same ones. Chosen for a dark basemap; status and severity are never told by colour
 * alone on the page (the lists say them in words).
 */
import type { MarshalStatus, ZoneStatus } from '$lib/shared/model';

export const ZONE_STATUS_COLOURS: Record<ZoneStatus, string> = {
	open: '#22c55e',
	full: '#f59e0b',
	closed: '#6b7280'
};

/** Severity 1 (lowest) to 4 (highest). */
export const SEVERITY_COLOURS: Record<1 | 2 | 3 | 4, string> = {
	1: '#fde047',
	2: '#fb923c',
	3: '#ef4444',
	4: '#d946ef'
};

export const MAP_COLOURS = {
	route: '#f472b6',
	routeCasing: '#0e1016',
	sector: '#818cf8',
	marshalPost: '#38bdf8',
	dispatched: '#38bdf8',
	outline: '#0e1016',
	marshalEdge: '#f8fafc',
	unacknowledged: '#ffffff',
	hazard: '#ff3b5c',
	escort: '#c084fc',
	escortMarshal: '#60a5fa',
	escortAlarm: '#ff4d4d'
} as const;

/** Live marshals: solid dots, unlike the ring-shaped zones and the larger incident pins. */
export const MARSHAL_STATUS_COLOURS: Record<MarshalStatus, string> = {
	available: '#4ade80',
	'on-job': '#60a5fa',
	'on-break': '#cbd5e1',
	'off-shift': '#6b7280'
};
