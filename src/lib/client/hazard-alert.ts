/**
 * Which hazards a marshal's phone should alert about: those in force that the phone is in or
 * near, each once. Pure, so the rule is tested; the panel plays the alert.
 */
import { isHazardActive, isNearHazard } from '$lib/shared/hazard-rules';
import type { LngLat } from '$lib/shared/geo';
import type { Hazard } from '$lib/shared/model';
import type { AlertPlan } from './job-alert';
import { byCodePoint } from '$lib/shared/text-order';

export function hazardAlerts(
	alerted: ReadonlySet<string>,
	hazards: Record<string, Hazard>,
	position: LngLat | null,
	now: Date
): { alerts: Hazard[]; alerted: Set<string> } {
	const next = new Set(alerted);
	const alerts: Hazard[] = [];
	if (!position) return { alerts, alerted: next };
	for (const h of Object.values(hazards)) {
		if (next.has(h.id) || !isHazardActive(h, now) || !isNearHazard(h, position)) continue;
		next.add(h.id);
		alerts.push(h);
	}
	return { alerts, alerted: next };
}

/** Hazards in force, newest first. */
export function activeHazards(hazards: Record<string, Hazard>, now: Date): Hazard[] {
	return Object.values(hazards)
		.filter((h) => isHazardActive(h, now))
		.sort((a, b) => byCodePoint(b.markedAt, a.markedAt));
}

/** Unlike a job's rising beeps: three low, long pulses that say "take care", not "go". */
export function hazardPlan(muted: boolean): AlertPlan {
	return {
		vibrate: [700, 200, 700, 200, 700],
		tones: muted
			? []
			: [
					{ hz: 523, ms: 350 },
					{ hz: 392, ms: 350 },
					{ hz: 523, ms: 350 }
				]
	};
}
