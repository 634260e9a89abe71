/**
 * The control room's alarm banner, rendered on the server as the page first arrives: a bad
 * night's alarms are listed a few at a time, with a button naming how many more there are.
 */
import type { ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import AlarmBanner from '../../src/routes/control/AlarmBanner.svelte';
import { ALARM_LINES, incidentAlarmEntries } from '../../src/routes/control/alarm-entries';
import type { Alarm } from '$lib/client/alarms';
import type { Incident } from '$lib/shared/model';

const alarm = (n: number): Alarm => ({
	incidentId: `inc-${n}`,
	kind: 'unacknowledged',
	severity: 4,
	since: `2030-01-01T02:${String(n).padStart(2, '0')}:00.000Z`,
	key: `unacknowledged:inc-${n}`,
	incident: { id: `inc-${n}` } as Incident
});

function banner(count: number) {
	const alarms = Array.from({ length: count }, (_, i) => alarm(i));
	const props = {
		alarms,
		entries: (listed: readonly Alarm[]) =>
			incidentAlarmEntries(listed, (a) => ({ title: a.incidentId, detail: 'needs you' })),
		heading: `Alarm: ${count} incidents need you`,
		headingId: 'alarm-heading',
		testId: 'alarm-banner',
		onAcknowledge: async () => ({ ok: true as const, seq: 1 })
	};
	// The banner is generic over the alarm type; render() sees it as taking unknown alarms.
	return render(AlarmBanner, { props: props as unknown as ComponentProps<typeof AlarmBanner> })
		.body;
}

const items = (html: string) =>
	[...html.matchAll(/data-testid="alarm-item-([^"]+)"/g)].map((m) => m[1]);

describe('alarm banner', () => {
	it('lists the first alarms and says how many more there are', () => {
		const html = banner(ALARM_LINES + 3);
		expect(items(html)).toEqual(Array.from({ length: ALARM_LINES }, (_, i) => `inc-${i}`));
		expect(html).toContain('data-testid="alarm-banner-more"');
		expect(html).toContain(`Show all ${ALARM_LINES + 3} alarms (3 more)`);
		expect(html).toContain('aria-expanded="false"');
	});

	it('lists a few alarms whole, with no button', () => {
		const html = banner(2);
		expect(items(html)).toEqual(['inc-0', 'inc-1']);
		expect(html).not.toContain('alarm-banner-more');
	});

	it('renders nothing without alarms', () => {
		expect(banner(0)).not.toContain('alarm-banner');
	});
});
