import AxeBuilder from '@axe-core/playwright';
import { seriousViolations } from './axe';
import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { PHONE, expectLive, idOf, signInOrganiser } from './session';

/**
 * The pipes, end to end: organiser, marshal phone and the public as separate
 * browser contexts on one demo event. Each test signs in and joins by itself.
 */

/** The nth marshal on the organiser's roster (tests take different ones). */
async function rosterMarshal(organiser: Page, nth: number): Promise<string> {
	const row = organiser.locator('[data-testid^="roster-row-"]').nth(nth);
	await expect(row).toBeVisible();
	return idOf(row, 'roster-row-');
}

/** Creates an invite link on the control page and joins with it on a new phone. */
async function joinAsMarshal(
	browser: Browser,
	organiser: Page,
	marshalId: string,
	options: BrowserContextOptions = {}
): Promise<Page> {
	await organiser.getByTestId(`invite-create-${marshalId}`).click();
	const input = organiser.getByTestId('invite-url');
	await expect(input).toHaveValue(/\/join\//);
	const url = await input.inputValue();

	const phone = await (await browser.newContext({ ...PHONE, ...options })).newPage();
	await phone.goto(url);
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((url) => url.pathname === '/marshal');
	await expectLive(phone);
	return phone;
}

async function zoneStatus(page: Page, zoneId: string): Promise<string> {
	return (await page.getByTestId(`zone-row-${zoneId}`).getAttribute('data-status')) ?? '';
}

/** Sets a zone's status through the control page's zone form and waits for it to come back. */
async function setZone(organiser: Page, zoneId: string, status: 'open' | 'full' | 'closed') {
	await organiser.getByTestId(`zone-set-${status}-${zoneId}`).click();
	await expect(organiser.getByTestId(`zone-row-${zoneId}`)).toHaveAttribute('data-status', status);
}

async function mapSettled(page: Page) {
	// The map loads after the lists; let it finish so its controls are checked too.
	await expect(page.getByTestId('event-map').first()).toHaveAttribute('data-ready', 'true', {
		timeout: 20_000
	});
}

test.describe('pipes', () => {
	test.setTimeout(90_000);

	// Windows left open keep their maps rendering and their sockets live: on a two-core CI
	// machine they starve the next test's pages (a marshal phone that never got live, axe
	// timing out on the marshal page).
	test.afterEach(async ({ browser }) => {
		await Promise.all(browser.contexts().map((context) => context.close()));
	});

	test('organiser and marshal see each other within a second', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		const marshalId = await rosterMarshal(organiser, 0);
		const devices = organiser.getByTestId(`roster-devices-${marshalId}`);
		const phonesBefore = parseInt((await devices.textContent()) ?? '0', 10);
		const phone = await joinAsMarshal(browser, organiser, marshalId);

		await expect(devices).toHaveText(new RegExp(`^${phonesBefore + 1} phones?$`));
		const rosterStatus = organiser.getByTestId(`roster-status-${marshalId}`);
		await expect(rosterStatus).toHaveText(/off shift/i);

		await phone.getByTestId('start-shift').click();
		await expect(rosterStatus).toHaveText(/available/i, { timeout: 1000 });
		await expect(phone.getByTestId('shift-status')).toHaveText(/available/i);

		const zoneId = await idOf(organiser.locator('[data-testid^="zone-row-"]').first(), 'zone-row-');
		if ((await zoneStatus(organiser, zoneId)) === 'full') await setZone(organiser, zoneId, 'open');
		await expect(phone.getByTestId(`zone-status-${zoneId}`)).not.toHaveText(/full/i);

		await organiser.getByTestId(`zone-set-full-${zoneId}`).click();
		await expect(phone.getByTestId(`zone-status-${zoneId}`)).toHaveText(/full/i, {
			timeout: 1000
		});

		await phone.getByTestId('end-shift').click();
		await expect(rosterStatus).toHaveText(/off shift/i);
	});

	test('a quick report reaches the control room, and its state comes back', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		const marshalId = await rosterMarshal(organiser, 3);
		// Te Aro Park, in the Cuba sector.
		const phone = await joinAsMarshal(browser, organiser, marshalId, {
			permissions: ['geolocation'],
			geolocation: { latitude: -41.2922, longitude: 174.7787 }
		});
		const before = await organiser.locator('[data-testid^="incident-row-"]').count();

		await phone.getByTestId('report-category-hate-abuse').check();
		await phone.getByTestId('report-severity-3').check();
		await phone.getByTestId('report-note').fill('Group following a couple up Dixon Street');
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);

		const rows = organiser.locator('[data-testid^="incident-row-"]');
		await expect(rows).toHaveCount(before + 1, { timeout: 1000 });
		const newest = rows.first();
		await expect(newest).toContainText('Hate-motivated abuse');
		await expect(newest).toContainText(/severity 3/i);
		const incidentId = await idOf(newest, 'incident-row-');
		await expect(phone.getByTestId(`my-report-state-${incidentId}`)).toHaveText(/reported/i);
	});

	test('the public page lists safe spots without JavaScript', async ({ browser }) => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
		await expect(page.getByRole('heading', { name: 'Safe spots' })).toBeVisible();

		const rows = page.locator('[data-testid^="zone-row-"]');
		expect(await rows.count()).toBeGreaterThan(0);
		const first = rows.first();
		const zoneId = await idOf(first, 'zone-row-');
		await expect(page.getByTestId(`zone-status-${zoneId}`)).toHaveText(/open|full|closed/i);
		await expect(first).toContainText(/hours/i);
		await expect(first).toContainText(/last verified/i);
		await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'static');
		// The public never sees incidents.
		await expect(page.locator('[data-testid^="incident-row-"]')).toHaveCount(0);
	});

	test('the public sees a zone status change and an advisory live', async ({ browser }) => {
		const pub = await (await browser.newContext(PHONE)).newPage();
		await pub.goto('/');
		await expectLive(pub);

		const organiser = await signInOrganiser(browser);
		const zoneId = await idOf(organiser.locator('[data-testid^="zone-row-"]').last(), 'zone-row-');
		const target = (await zoneStatus(organiser, zoneId)) === 'closed' ? 'open' : 'closed';
		await organiser.getByTestId(`zone-set-${target}-${zoneId}`).click();
		await expect(pub.getByTestId(`zone-status-${zoneId}`)).toHaveText(new RegExp(target, 'i'), {
			timeout: 2000
		});

		const text = `Use Tory Street, Dixon Street is closed (${Date.now()})`;
		await organiser.getByTestId('advisory-text').fill(text);
		await organiser.getByTestId('advisory-audience-public').check();
		await organiser.getByTestId('advisory-post').click();
		await expect(pub.getByTestId('advisories')).toContainText(text, { timeout: 2000 });

		const item = organiser.locator('[data-testid^="advisory-"]', { hasText: text }).first();
		const advisoryId = await idOf(item, 'advisory-');
		await organiser.getByTestId(`advisory-withdraw-${advisoryId}`).click();
		await expect(pub.getByTestId('advisories')).not.toContainText(text, { timeout: 2000 });
	});

	test('a revoked phone is signed out at once', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		const marshalId = await rosterMarshal(organiser, 2);
		const phone = await joinAsMarshal(browser, organiser, marshalId);

		const revoke = organiser.locator(
			`[data-testid="roster-row-${marshalId}"] [data-testid^="revoke-"]`
		);
		// Other specs may have enrolled phones for this marshal too: revoke them all.
		await expect(revoke.first()).toBeVisible();
		while ((await revoke.count()) > 0) {
			const before = await revoke.count();
			await revoke.first().click();
			await expect(revoke).toHaveCount(before - 1);
		}
		await expect(phone.getByTestId('marshal-revoked')).toBeVisible({ timeout: 2000 });
		await expect(organiser.getByTestId(`roster-devices-${marshalId}`)).toHaveText(/0 phones/);

		// And stays signed out after a reload.
		await phone.reload();
		await expect(phone.getByTestId('marshal-signed-out')).toBeVisible();
	});

	test('no serious or critical accessibility violations on / and /signin', async ({ browser }) => {
		const pub = await (await browser.newContext()).newPage();
		await pub.goto('/');
		await expectLive(pub);
		await mapSettled(pub);
		expect(seriousViolations(await new AxeBuilder({ page: pub }).analyze()), '/').toEqual([]);

		await pub.goto('/signin');
		expect(seriousViolations(await new AxeBuilder({ page: pub }).analyze()), '/signin').toEqual([]);
	});

	test('no serious or critical accessibility violations on /control', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		await mapSettled(organiser);
		expect(
			seriousViolations(await new AxeBuilder({ page: organiser }).analyze()),
			'/control'
		).toEqual([]);
	});

	test('no serious or critical accessibility violations on /marshal', async ({ browser }) => {
		const organiser = await signInOrganiser(browser);
		const marshalId = await rosterMarshal(organiser, 1);
		const phone = await joinAsMarshal(browser, organiser, marshalId);
		// The organiser's map would only compete with the phone for the CPU from here on.
		await organiser.context().close();
		await mapSettled(phone);
		expect(seriousViolations(await new AxeBuilder({ page: phone }).analyze()), '/marshal').toEqual(
			[]
		);
	});
});
