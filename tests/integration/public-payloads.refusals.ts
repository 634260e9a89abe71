import { expect, it } from 'vitest';
import { escortAlarms } from '$lib/client/escort-alarms';
import { REFUSAL_FLUSH_MS } from '$lib/server/realtime/escort-guard';
import { newId } from '$lib/shared/ids';
import { until } from './support/clients';
import { signInOrganiser } from './support/identities';
import { SCENE, sleep } from './support/presence';
import { send } from './support/public-wire';
import type { twoProcessEvent } from './support/two-processes';

/**
 * A burst of escort requests from one visitor's device, on public-payloads.test.ts's busy
 * night: it becomes one grouped entry for the control room and one alarm.
 */
export function refusalBurstTest(night: ReturnType<typeof twoProcessEvent>) {
	const { eventId, clients, state, untilState, visitorOn } = night;

	it('turns a burst of requests from one device into one grouped entry and one alarm', async () => {
		const { app, a, b } = night.started;
		const control = await clients.connect(b.url, (await signInOrganiser(app, eventId)).auth(), {
			eventId
		});
		const spammer = await visitorOn(a);
		const before = Object.keys((await state()).escortRefusals).length;
		const acks = [];
		// 30: the general budget of one session's commands per 10 s; all reach the escort limit.
		for (let i = 0; i < 30; i++) {
			acks.push(
				// A generous wait: this is about grouping, not speed, and the suite runs beside others.
				await spammer.client.command(
					'escort:request',
					{ commandId: newId(), escortId: newId(), position: SCENE },
					15_000
				)
			);
		}
		const refused = acks.filter((x) => !x.ok && x.code === 'rate-limited');
		// The first is taken, the next four refused as "already open", the rest rate-limited.
		expect(refused.length).toBe(25);
		// Let the grouped entry's count catch up (updates are spaced a few seconds apart).
		await untilState(
			(s) => Object.values(s.escortRefusals).some((g) => g.count === 25),
			'the grouped entry counting every refusal'
		);
		// Quiet afterwards: nothing more is appended for a burst that is over.
		await sleep(REFUSAL_FLUSH_MS + 1000);
		const groups = Object.values((await state()).escortRefusals);
		expect(groups.length - before).toBe(1);
		const group = groups.find((g) => g.source === 'device');
		expect(group?.count).toBe(25);
		// A handful of journal entries at most, never one per refusal; one alarm.
		const entries = control.events.filter((e) => e.type === 'escort:requests-refused');
		expect(entries.length).toBeGreaterThan(0);
		expect(entries.length).toBeLessThanOrEqual(4);
		const alarms = escortAlarms(control.state).filter((x) => x.kind === 'escort-refusals');
		expect(alarms).toHaveLength(1);
		// The group says nothing about the device or its address.
		expect(JSON.stringify(group)).not.toContain(spammer.who.sessionId);
		expect(JSON.stringify(group)).not.toContain('127.0.0.1');
		await send(control, 'escort:acknowledge-refusals', { groupId: group?.id });
		await until(
			() => !escortAlarms(control.state).some((x) => x.kind === 'escort-refusals'),
			'the alarm acknowledged'
		);
	});
}
