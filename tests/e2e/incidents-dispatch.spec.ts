import type { Page } from '@playwright/test';
import {
	alertsOf,
	expect,
	mapReady,
	ORGANISER_NAME,
	PLACES,
	queueIdOf,
	queueIds,
	report,
	test
} from './crew';
import { offerTo, openAndSuggest, stamp } from './incidents-kit';

/**
 * Issue 3, end to end, from report to resolved: a marshal's three-tap report reaches the control
 * room's queue and map within a second; dispatch, accept, on scene, resolved, all in the
 * record's timeline with who and when.
 *
 * All specs share one demo server. Marshals used by the incidents specs (by id, not roster row)
 * are not used by the other specs (but Sam, by escort.spec, which runs first and ends his
 * shift): Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off shift)
 * and Farida (pipes only joins with her). This file uses Sam and Sione. Each test
 * ends its phones' shifts. The incidents specs run in the order of their file names, which is the
 * order their tests had in one file (see incidents-kit.ts).
 */

const TIME = /^\d{2}:\d{2}:\d{2}$/;

/**
 * One three-tap report (category, severity, Send), timed in the browsers themselves: from the
 * tap's own event time to the moment the organiser's page shows the new incident both as a
 * queue row and in the map's incident source. The test runner's scheduling on a busy machine
 * is not part of the promise, so it is not in the measure.
 */
async function timedThreeTapReport(
	organiser: Page,
	phone: Page
): Promise<{ id: string; ms: number; rowMs: number }> {
	type Shown = { id: string; at: number; rowAt: number };
	const before = await queueIds(organiser);
	await organiser.evaluate((known) => {
		const w = window as unknown as { __shown: Shown | null };
		w.__shown = null;
		let rowAt = 0;
		const check = () => {
			const rows = [...document.querySelectorAll('[data-testid^="queue-row-"]')].map((r) =>
				(r.getAttribute('data-testid') ?? '').slice('queue-row-'.length)
			);
			const probe = document.querySelector('[data-testid="map-source-incidents"]');
			const onMap = (probe?.getAttribute('data-ids') ?? '').split(',');
			const added = rows.filter((id) => !known.includes(id));
			const now = performance.timeOrigin + performance.now();
			if (added.length === 1 && !rowAt) rowAt = now;
			if (added.length === 1 && onMap.includes(added[0])) {
				w.__shown = { id: added[0], at: now, rowAt };
				observer.disconnect();
			}
		};
		const observer = new MutationObserver(check);
		observer.observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-ids']
		});
	}, before);
	await phone.getByTestId('report-send').evaluate((send) => {
		const w = window as unknown as { __tappedAt: number | null };
		w.__tappedAt = null;
		send.addEventListener('click', (e) => (w.__tappedAt = performance.timeOrigin + e.timeStamp), {
			once: true
		});
	});

	// Three taps, nothing else: what, how serious, send.
	await phone.getByTestId('report-category-medical').tap();
	await phone.getByTestId('report-severity-2').tap();
	await phone.getByTestId('report-send').tap();

	const shown = () =>
		organiser.evaluate(() => (window as unknown as { __shown: Shown | null }).__shown);
	await expect.poll(async () => (await shown())?.id ?? null).not.toBeNull();
	const tappedAt = await phone.evaluate(
		() => (window as unknown as { __tappedAt: number | null }).__tappedAt
	);
	expect(tappedAt, 'the tap on Send was seen').not.toBeNull();
	const { id, at, rowAt } = (await shown())!;
	await expect(phone.getByTestId('report-result')).toHaveText(
		/received by control, with your GPS position/i
	);
	// The form is ready for the next report: nothing chosen.
	await expect(phone.getByTestId('report-category-medical')).not.toBeChecked();
	return { id, ms: Math.round(at - tappedAt!), rowMs: Math.round(rowAt - tappedAt!) };
}

test.describe('incidents', () => {
	// Generous: these machines run several suites side by side; the one timed promise is measured.
	test.setTimeout(180_000);

	test('a three-tap report is on the queue and the map within a second', async ({ crew }) => {
		const organiser = await crew.organiser();
		await mapReady(organiser);
		const phone = await crew.phone(organiser, 'marshal-sam', { at: PLACES.waterfront });
		// The marshal is live on the organiser's map before the report.
		await expect(organiser.getByTestId('map-source-marshals')).toHaveAttribute(
			'data-ids',
			/marshal-sam/,
			{ timeout: 10_000 }
		);
		// Three reports, each exactly three taps; the promise is judged on their median, so one
		// scheduling stall of a shared two-core machine does not decide it alone.
		const samples: { id: string; ms: number; rowMs: number }[] = [];
		for (let i = 0; i < 3; i++) samples.push(await timedThreeTapReport(organiser, phone));
		test.info().annotations.push({
			type: 'tap to control room (queue row and map)',
			description: samples.map((s) => `${s.ms} ms (row ${s.rowMs} ms)`).join('; ')
		});
		const median = samples.map((s) => s.ms).sort((a, b) => a - b)[1];
		expect(median, 'median ms from the tap on Send to queue row + map feature').toBeLessThan(1_000);

		const { id } = samples[2];
		await expect(organiser.getByTestId(`queue-row-${id}`)).toContainText('Medical');
		await expect(organiser.getByTestId(`incident-severity-${id}`)).toHaveText(/severity 2/i);
		await expect(organiser.getByTestId(`incident-state-${id}`)).toHaveText(/reported/i);
		await expect(phone.getByTestId(`my-report-state-${id}`)).toHaveText(/reported/i);
		// The position is the phone's GPS.
		await organiser.getByTestId(`queue-row-${id}`).click();
		await expect(organiser.getByTestId('record-position')).toContainText('-41.28771');
		await expect(organiser.getByTestId('record-position')).toContainText('174.77962');
	});

	test('dispatch, accept, on scene, resolved: every step in the timeline', async ({ crew }) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-sione', { at: PLACES.courtenay });
		const note = `Man cut on the arm outside the takeaway ${stamp()}`;
		await report(phone, { category: 'hate-assault', severity: 3, note });
		const id = await queueIdOf(organiser, note);

		// The nearest free marshal is suggested first: the one who is standing there.
		await openAndSuggest(organiser, id);
		await expect(organiser.locator('[data-testid^="dispatch-candidate-"]').first()).toHaveAttribute(
			'data-testid',
			'dispatch-candidate-marshal-sione'
		);
		const jobId = await offerTo(organiser, 'marshal-sione');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'offered');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'dispatched');

		// The phone: the card, brought to attention with vibration, sound and a spoken line.
		const card = phone.getByTestId(`job-card-${jobId}`);
		await expect(card).toHaveAttribute('data-state', 'offered');
		await expect(card).toContainText(note);
		await expect(phone.getByTestId('job-announcement')).toHaveText(
			/New job: Hate-motivated assault, severity 3 of 4\. Right where you are\./
		);
		const alerts = await alertsOf(phone);
		expect(alerts.vibrations).toContainEqual([400, 150, 400, 150, 400]);
		expect(alerts.tones).toBeGreaterThanOrEqual(4);

		await phone.getByTestId(`job-accept-${jobId}`).click();
		await expect(card).toHaveAttribute('data-state', 'accepted');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'accepted');
		await expect(organiser.getByTestId(`roster-status-marshal-sione`)).toHaveText(/on a job/i);

		await phone.getByTestId(`job-on-scene-${jobId}`).click();
		await expect(card).toHaveAttribute('data-state', 'on-scene');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'on-scene');

		await phone.getByTestId(`job-resolve-${jobId}`).click();
		await phone.getByTestId('job-outcome').fill('Handed to first aid, friends with him');
		await phone.getByTestId('job-resolve-confirm').click();
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'resolved');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'resolved');
		await expect(organiser.getByTestId(`roster-status-marshal-sione`)).toHaveText(/available/i);
		await expect(phone.getByTestId(`my-report-state-${id}`)).toHaveText(/resolved/i);

		// The record: every step, who and when.
		const lines = organiser.getByTestId(`record-${id}`).getByTestId('timeline-entry');
		const steps = [
			['incident:reported', 'Sione T. (marshal)', 'Reported: Hate-motivated assault, severity 3'],
			['job:offered', ORGANISER_NAME, 'Job offered to Sione T.'],
			['job:accepted', 'Sione T. (marshal)', 'Sione T. accepted'],
			['job:on-scene', 'Sione T. (marshal)', 'Sione T. on scene'],
			['job:resolved', 'Sione T. (marshal)', 'Sione T. resolved: Handed to first aid']
		] as const;
		for (const [type, who, what] of steps) {
			const line = lines.and(organiser.locator(`[data-type="${type}"]`));
			await expect(line, type).toHaveCount(1);
			await expect(line.locator('.who'), type).toHaveText(who);
			await expect(line.locator('.what'), type).toContainText(what);
			await expect(line.locator('time'), type).toHaveText(TIME);
			expect(Date.parse((await line.locator('time').getAttribute('datetime')) ?? '')).not.toBeNaN();
		}
		// The incident's own state moves, each from where it really was.
		const moves = [
			['State: reported → dispatched', ORGANISER_NAME],
			['State: dispatched → on-scene', 'Sione T. (marshal)'],
			['State: on-scene → resolved', 'Sione T. (marshal)']
		] as const;
		const stateLines = lines.and(organiser.locator('[data-type="incident:state-changed"]'));
		await expect(stateLines.locator('.what')).toHaveText(moves.map(([what]) => what));
		await expect(stateLines.locator('.who')).toHaveText(moves.map(([, who]) => who));
		// In the order they happened.
		const types = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
		expect(types.filter((t) => steps.some(([s]) => s === t))).toEqual(steps.map(([s]) => s));
	});
});
