import type { JournalEvent } from './journal';
import type { EventState, Marshal } from './model';
import { foldIncident, isIncidentEvent } from './incident-fold';
import { foldAwareness, isAwarenessEvent } from './awareness';
import { foldEscort, isEscortEvent } from './escort-fold';
import { batched, setEntry } from './records';

export function emptyState(eventId: string): EventState {
	return {
		eventId,
		seq: 0,
		info: null,
		route: null,
		sectors: {},
		zones: {},
		marshals: {},
		incidents: {},
		jobs: {},
		advisories: {},
		hazards: {},
		escorts: {},
		escortRefusals: {}
	};
}

/**
 * The one fold of the journal, run by the server and by every browser.
 * Pure: returns a new state and never mutates its input. An event whose seq is
 * not newer than the state's is ignored, so replays and duplicates are harmless.
 */
export function apply(state: EventState, event: JournalEvent): EventState {
	if (event.seq <= state.seq) return state;
	const next = applyData(state, event);
	return next === state ? { ...state, seq: event.seq } : { ...next, seq: event.seq };
}

/** Folds several events; each record is copied at most once for the whole batch. */
export function applyAll(state: EventState, events: readonly JournalEvent[]): EventState {
	return batched(() => events.reduce(apply, state));
}

function applyData(s: EventState, e: JournalEvent): EventState {
	if (isIncidentEvent(e)) return foldIncident(s, e);
	if (isAwarenessEvent(e)) return foldAwareness(s, e);
	if (isEscortEvent(e)) return foldEscort(s, e);
	switch (e.type) {
		case 'event:configured':
			return { ...s, info: { ...e.data } };
		case 'route:set':
			return { ...s, route: e.data.coordinates };
		case 'sector:set': {
			const { sectorId, name, ring } = e.data;
			return { ...s, sectors: { ...s.sectors, [sectorId]: { id: sectorId, name, ring } } };
		}
		case 'zone:set': {
			const { zoneId, ...details } = e.data;
			const prior = s.zones[zoneId];
			const zone = {
				...details,
				id: zoneId,
				status: prior?.status ?? 'open',
				verifiedAt: prior?.verifiedAt ?? null
			};
			return { ...s, zones: { ...s.zones, [zoneId]: zone } };
		}
		case 'zone:status-set': {
			const zone = s.zones[e.data.zoneId];
			if (!zone) return s;
			const verifiedAt = e.data.verified ? e.at : zone.verifiedAt;
			return {
				...s,
				zones: { ...s.zones, [zone.id]: { ...zone, status: e.data.status, verifiedAt } }
			};
		}
		case 'marshal:added': {
			const { marshalId, displayName, sectorId } = e.data;
			const prior = s.marshals[marshalId];
			const marshal: Marshal = {
				id: marshalId,
				displayName,
				sectorId,
				status: prior?.status ?? 'off-shift',
				devices: prior?.devices ?? []
			};
			return withMarshal(s, marshal);
		}
		case 'device:enrolled':
			return updateMarshal(s, e.data.marshalId, (m) => ({
				...m,
				devices: m.devices.includes(e.data.deviceId) ? m.devices : [...m.devices, e.data.deviceId]
			}));
		case 'device:revoked': {
			const { marshalId, deviceId } = e.data;
			if (!marshalId) return s;
			return updateMarshal(s, marshalId, (m) => {
				const devices = m.devices.filter((d) => d !== deviceId);
				// A marshal whose last phone is revoked cannot be reached: off shift.
				return { ...m, devices, status: devices.length ? m.status : 'off-shift' };
			});
		}
		case 'marshal:shift-started':
			return updateMarshal(s, e.data.marshalId, (m) => ({ ...m, status: 'available' }));
		case 'marshal:shift-ended':
			return updateMarshal(s, e.data.marshalId, (m) => ({ ...m, status: 'off-shift' }));
		case 'marshal:status-set':
			return updateMarshal(s, e.data.marshalId, (m) => ({ ...m, status: e.data.status }));
		case 'advisory:posted': {
			const { advisoryId, audience, sectorId, text, expiresAt } = e.data;
			const advisory = {
				id: advisoryId,
				audience,
				sectorId,
				text,
				expiresAt,
				postedAt: e.at,
				withdrawnAt: null,
				receivedBy: {}
			};
			return { ...s, advisories: { ...s.advisories, [advisoryId]: advisory } };
		}
		case 'advisory:withdrawn': {
			const advisory = s.advisories[e.data.advisoryId];
			if (!advisory || advisory.withdrawnAt) return s;
			return {
				...s,
				advisories: { ...s.advisories, [advisory.id]: { ...advisory, withdrawnAt: e.at } }
			};
		}
	}
}

function withMarshal(s: EventState, m: Marshal): EventState {
	return { ...s, marshals: setEntry(s.marshals, m.id, m) };
}

function updateMarshal(s: EventState, id: string, f: (m: Marshal) => Marshal): EventState {
	const m = s.marshals[id];
	return m ? withMarshal(s, f(m)) : s;
}
