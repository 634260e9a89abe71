import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE, signInOrganiser } from './session';

/**
 * A quick pass over the control room's incident features (queue, record, dispatch, alarms,
 * layers), driven from the organiser's side with one marshal phone reporting. The fuller
 * organiser / marshal / attendee flows live in their own specs.
 */

async function joinPhone(browser: Browser, organiser: Page, marshalId: string): Promise<Page> {
	await organiser.getByTestId(`invite-create-${marshalId}`).click();
	const input = organiser.getByTestId('invite-url');
	await expect(input).toHaveValue(/\/join\//);
	const phone = await (
		await browser.newContext({
			...PHONE,
			permissions: ['geolocation'],
			geolocation: { latitude: -41.2922, longitude: 174.7787 }
		})
	).newPage();
	await phone.goto(await input.inputValue());
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((url) => url.pathname === '/marshal');
	await expect(phone.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', {
		timeout: 10_000
	});
	return phone;
}

async function report(phone: Page, severity: 3 | 4, note: string) {
	await phone.getByTestId('report-category-hate-abuse').check();
	await phone.getByTestId(`report-severity-${severity}`).check();
	await phone.getByTestId('report-note').fill(note);
	await phone.getByTestId('report-send').click();
	await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);
}

/** The id of the queue row whose text contains `note`. */
async function queueIdOf(organiser: Page, note: string): Promise<string> {
	const row = organiser.locator('[data-testid^="queue-row-"]', { hasText: note }).first();
	await expect(row).toBeVisible();
	return ((await row.getAttribute('data-testid')) ?? '').replace('queue-row-', '');
}

test.describe('control room', () => {
	test.setTimeout(120_000);

	test('queue, record, dispatch, alarms and layers', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		await expect(organiser.getByTestId('alarm-mute')).toBeVisible();
		for (const name of ['incidents', 'marshals', 'marshal-posts', 'zones', 'sectors', 'route']) {
			await expect(organiser.getByTestId(`layer-toggle-${name}`)).toBeChecked();
		}

		const row = organiser.locator('[data-testid^="roster-row-"]').nth(6);
		const marshalId = ((await row.getAttribute('data-testid')) ?? '').replace('roster-row-', '');
		const phone = await joinPhone(browser, organiser, marshalId);
		await phone.getByTestId('start-shift').click();
		await expect(organiser.getByTestId(`roster-status-${marshalId}`)).toHaveText(/available/i);

		// Live position: on the map's source and in the roster.
		await expect(organiser.getByTestId('map-source-marshals')).toHaveAttribute(
			'data-ids',
			new RegExp(marshalId),
			{ timeout: 15_000 }
		);
		await expect(organiser.getByTestId(`roster-last-seen-${marshalId}`)).toHaveAttribute(
			'data-stale',
			'false'
		);

		// A severity 4 report sounds the alarm.
		const note = `Crowd following two people (${Date.now()})`;
		await report(phone, 4, note);
		const id = await queueIdOf(organiser, note);
		await expect(organiser.getByTestId(`alarm-item-${id}`)).toBeVisible();
		await expect(organiser).toHaveTitle(/^\(!\) /);

		// Keyboard: Enter on the queue row opens the record and moves focus into it.
		await organiser.getByTestId(`queue-row-${id}`).focus();
		await organiser.keyboard.press('Enter');
		await expect(organiser.getByTestId(`record-${id}`)).toBeVisible();
		await expect(organiser.locator('#record-heading')).toBeFocused();
		await expect(organiser.getByTestId('record-description')).toHaveText(note);
		await expect(organiser.getByTestId('timeline-entry').first()).toContainText(/reported/i);

		await organiser.getByTestId('note-text').fill('Caller is safe inside the shop');
		await organiser.getByTestId('note-add').click();
		await expect(organiser.getByTestId('note-entry')).toContainText('Caller is safe inside');

		await organiser.getByTestId('police-kind').selectOption('declined-escort');
		await organiser.getByTestId('police-reason').fill('No officers free');
		await organiser.getByTestId('police-add').click();
		await expect(organiser.getByTestId('police-entry')).toContainText(/declined to escort/i);
		await expect(organiser.getByTestId('police-entry')).toContainText('No officers free');

		// Dispatch the nearest marshal, then withdraw the job.
		await organiser.getByTestId('dispatch-suggest').click();
		await organiser.getByTestId(`dispatch-candidate-${marshalId}`).check();
		await organiser.getByTestId('dispatch-send').click();
		const job = organiser.locator('[data-testid^="job-"][data-state]').first();
		await expect(job).toHaveAttribute('data-state', 'offered');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'dispatched');
		await expect(organiser.getByTestId(`alarm-item-${id}`)).toHaveCount(0);
		const jobId = ((await job.getAttribute('data-testid')) ?? '').replace('job-', '');
		await organiser.getByTestId(`job-withdraw-${jobId}`).click();
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'withdrawn');

		// A second report: acknowledged from the banner, then resolved from its record.
		const second = `Bottle thrown on Cuba Street (${Date.now()})`;
		await report(phone, 3, second);
		const id2 = await queueIdOf(organiser, second);
		await organiser.getByTestId(`alarm-ack-${id2}`).click();
		await expect(organiser.getByTestId(`alarm-item-${id2}`)).toHaveCount(0);
		await organiser.getByTestId(`queue-row-${id2}`).click();
		await expect(organiser.getByTestId(`record-${id2}`)).toHaveAttribute(
			'data-state',
			'acknowledged'
		);
		await organiser.getByTestId('link-target').selectOption(id);
		await organiser.getByTestId('link-add').click();
		await expect(organiser.getByTestId(`record-link-${id}`)).toBeVisible();
		await organiser.getByTestId('transition-reason').fill('Gone when we arrived');
		await organiser.getByTestId('record-transition-resolved').click();
		await expect(organiser.getByTestId(`record-${id2}`)).toHaveAttribute('data-state', 'resolved');

		// Filters: only resolved ones.
		await organiser.getByTestId('queue-filter-state').selectOption('resolved');
		await expect(organiser.getByTestId(`queue-row-${id2}`)).toBeVisible();
		await expect(organiser.getByTestId(`queue-row-${id}`)).toHaveCount(0);
		await organiser.getByTestId('queue-filter-reset').click();
		await expect(organiser.getByTestId(`queue-row-${id}`)).toBeVisible();

		// Layers: switching marshals off removes their source from the map.
		await organiser.getByTestId('layer-toggle-marshals').uncheck();
		await expect(organiser.getByTestId('map-source-marshals')).toHaveCount(0);
		await organiser.getByTestId('layer-toggle-marshals').check();
		await expect(organiser.getByTestId('map-source-marshals')).toHaveAttribute(
			'data-ready',
			'true'
		);

		const results = await new AxeBuilder({ page: organiser }).analyze();
		const serious = results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => ({ id: v.id, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
		expect(serious, '/control with a record open').toEqual([]);

		// The server is shared with the specs after this one: leave no live map behind.
		await phone.context().close();
		await organiser.context().close();
	});
});
