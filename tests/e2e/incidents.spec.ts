import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { newId } from '../../src/lib/shared/ids';
import {
	alertsOf,
	command,
	expect,
	idOf,
	mapReady,
	ORGANISER_NAME,
	PLACES,
	queueIdOf,
	queueIds,
	quietAlarms,
	report,
	test
} from './crew';

/**
 * Issue 3, end to end: a marshal's three-tap report reaches the control room's queue and map
 * within a second; dispatch, accept, on scene, resolved, all in the record's timeline with who
 * and when; alarms shared by every organiser; a decline escalates; the queue by keyboard alone;
 * map layers by their source data; bad input refused with a clear message; axe on both pages.
 *
 * All specs share one demo server. Marshals used here (by id, not roster row) are not used by
 * the other specs: Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off
 * shift) and Farida (pipes only joins with her). Each test ends its phones' shifts.
 */

const stamp = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const TIME = /^\d{2}:\d{2}:\d{2}$/;

function seriousViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>) {
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
}

/** Opens a record from its queue row and asks for suggestions. */
async function openAndSuggest(organiser: Page, incidentId: string) {
	await organiser.getByTestId(`queue-row-${incidentId}`).click();
	await expect(organiser.getByTestId(`record-${incidentId}`)).toBeVisible();
	await organiser.getByTestId('dispatch-suggest').click();
	await expect(organiser.getByTestId('dispatch-candidates')).toBeVisible();
}

/** Offers the open record's job to one marshal; returns the job id. */
async function offerTo(organiser: Page, marshalId: string): Promise<string> {
	const before = await organiser.locator('[data-testid^="job-"][data-state]').count();
	await organiser.getByTestId(`dispatch-candidate-${marshalId}`).check();
	await organiser.getByTestId('dispatch-send').click();
	const jobs = organiser.locator('[data-testid^="job-"][data-state]');
	await expect(jobs).toHaveCount(before + 1);
	// Newest first.
	return idOf(jobs.first(), 'job-');
}

test.describe('incidents', () => {
	test.setTimeout(120_000);

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
		const before = await queueIds(organiser);

		// Three taps, nothing else: what, how serious, send.
		await phone.getByTestId('report-category-medical').tap();
		await phone.getByTestId('report-severity-2').tap();
		await phone.getByTestId('report-send').tap();
		await expect
			.poll(
				() =>
					organiser.evaluate((known) => {
						const rows = [...document.querySelectorAll('[data-testid^="queue-row-"]')].map((r) =>
							(r.getAttribute('data-testid') ?? '').slice('queue-row-'.length)
						);
						const onMap = (
							document
								.querySelector('[data-testid="map-source-incidents"]')
								?.getAttribute('data-ids') ?? ''
						).split(',');
						const added = rows.filter((id) => !known.includes(id));
						return added.length === 1 && onMap.includes(added[0]) ? added[0] : null;
					}, before),
				{ timeout: 1_000, intervals: [25] }
			)
			.not.toBeNull();

		const [id] = (await queueIds(organiser)).filter((i) => !before.includes(i));
		await expect(organiser.getByTestId(`queue-row-${id}`)).toContainText('Medical');
		await expect(organiser.getByTestId(`incident-severity-${id}`)).toHaveText(/severity 2/i);
		await expect(organiser.getByTestId(`incident-state-${id}`)).toHaveText(/reported/i);
		await expect(phone.getByTestId('report-result')).toHaveText(
			/received by control, with your GPS position/i
		);
		await expect(phone.getByTestId(`my-report-state-${id}`)).toHaveText(/reported/i);
		// The position is the phone's GPS.
		await organiser.getByTestId(`queue-row-${id}`).click();
		await expect(organiser.getByTestId('record-position')).toContainText('-41.28771');
		await expect(organiser.getByTestId('record-position')).toContainText('174.77962');
	});
});
