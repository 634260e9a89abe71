import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE, expectLive, signInOrganiser } from './session';

/**
 * Keeping marshals aware: a broadcast reaches phones and the control room sees who has it;
 * a hazard area alerts a marshal nearby and not one far away, and ends by itself.
 */

const NEAR = 'marshal-ngaio';
const FAR = 'marshal-tama';

/** A phone on shift at `at` ([lng, lat]) that records every vibration it is asked for. */
async function phoneOnShift(
	browser: Browser,
	organiser: Page,
	marshalId: string,
	at: [number, number]
): Promise<Page> {
	const invite = organiser.getByTestId('invite-url');
	const before = (await invite.count()) ? await invite.inputValue() : '';
	await organiser.getByTestId(`invite-create-${marshalId}`).click();
	// A new link each time: the last one was used by the previous phone.
	await expect(invite).toHaveValue(/\/join\//);
	await expect(invite).not.toHaveValue(before);
	const url = await invite.inputValue();
	const context = await browser.newContext({
		...PHONE,
		permissions: ['geolocation'],
		geolocation: { longitude: at[0], latitude: at[1], accuracy: 8 }
	});
	await context.addInitScript(() => {
		const w = window as unknown as { vibrations: number[][] };
		w.vibrations = [];
		const record = (pattern: number | Iterable<number>) => {
			w.vibrations.push(typeof pattern === 'number' ? [pattern] : [...pattern]);
			return true;
		};
		navigator.vibrate = record as Navigator['vibrate'];
	});
	const phone = await context.newPage();
	await phone.goto(url);
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((u) => u.pathname === '/marshal');
	await expectLive(phone);
	await phone.getByTestId('start-shift').click();
	await expect(phone.getByTestId('position-sharing')).toHaveAttribute('data-sharing', 'true', {
		timeout: 15_000
	});
	return phone;
}

const vibrations = (phone: Page) =>
	phone.evaluate(() => (window as unknown as { vibrations: number[][] }).vibrations);

test.describe('awareness', () => {
	test.setTimeout(150_000);

	test('a broadcast shows who has it; a hazard alerts the near marshal only and ends by itself', async ({
		browser
	}) => {
		const organiser = await signInOrganiser(browser, { viewport: { width: 1400, height: 1000 } });
		await expect(organiser.getByTestId('event-map').first()).toHaveAttribute('data-ready', 'true', {
			timeout: 20_000
		});

		// The organiser picks the hazard's centre on the map.
		await organiser.getByTestId('hazard-pick').click();
		await organiser.getByTestId('event-map').first().click();
		const picked = await organiser.getByTestId('hazard-picked').textContent();
		const match = /Picked: (-?[\d.]+), (-?[\d.]+)/.exec(picked ?? '');
		expect(match, `picked text: ${picked}`).not.toBeNull();
		const spot: [number, number] = [Number(match![2]), Number(match![1])];
		// About 60 m from the centre, and about 3 km away.
		const near = await phoneOnShift(browser, organiser, NEAR, [spot[0], spot[1] + 0.0005]);
		const far = await phoneOnShift(browser, organiser, FAR, [spot[0], spot[1] - 0.027]);

		// A broadcast to all marshals: both phones have it, and the control room sees that.
		const words = `Water at the Cuba St post (${Date.now()})`;
		await organiser.getByTestId('advisory-text').fill(words);
		await organiser.getByTestId('advisory-audience-marshals').check();
		await organiser.getByTestId('advisory-post').click();
		for (const phone of [near, far]) {
			await expect(phone.getByTestId('advisories')).toContainText(words);
		}
		const card = organiser.getByTestId('advisories-panel').locator('li', { hasText: words });
		const receiptLine = card.locator('[data-testid^="advisory-receipts-"]');
		await expect(receiptLine).toBeVisible();
		await expect(receiptLine).not.toContainText('Ngaio');
		await expect(receiptLine).not.toContainText('Tama');
		expect(Number(await receiptLine.getAttribute('data-received'))).toBeGreaterThanOrEqual(2);

		// The hazard: 100 m, fading out after a minute.
		const text = `Group shouting at people by the fountain (${Date.now()})`;
		await organiser.getByTestId('hazard-text').fill(text);
		await organiser.getByTestId('hazard-radius').selectOption('100');
		await organiser.getByTestId('hazard-lifetime').selectOption('60');
		await organiser.getByTestId('hazard-mark').click();
		const listed = organiser.locator('[data-testid^="control-hazard-"]', { hasText: text });
		await expect(listed).toBeVisible();
		const hazardId = ((await listed.getAttribute('data-testid')) ?? '').replace(
			'control-hazard-',
			''
		);
		await expect(organiser.getByTestId('map-source-hazards')).toHaveAttribute(
			'data-ids',
			new RegExp(hazardId)
		);

		// Near: an alert, with vibration. Far: listed, but no alert and no vibration.
		await expect(near.getByTestId(`hazard-alert-${hazardId}`)).toBeVisible();
		await expect(near.getByTestId(`hazard-${hazardId}`)).toContainText(text);
		await expect.poll(async () => (await vibrations(near)).some((p) => p[0] === 700)).toBe(true);
		await expect(near.getByTestId('map-source-hazards')).toHaveAttribute(
			'data-ids',
			new RegExp(hazardId)
		);
		await expect(far.getByTestId(`hazard-${hazardId}`)).toHaveAttribute('data-near', 'false');
		await expect(far.getByTestId(`hazard-alert-${hazardId}`)).toHaveCount(0);
		expect((await vibrations(far)).some((p) => p[0] === 700)).toBe(false);

		// It ends by itself: gone from both phones, the control list and the maps.
		for (const page of [near, far]) {
			await expect(page.getByTestId(`hazard-${hazardId}`)).toHaveCount(0, { timeout: 80_000 });
		}
		await expect(listed).toHaveCount(0, { timeout: 10_000 });
		for (const page of [organiser, near]) {
			await expect(page.getByTestId('map-source-hazards')).not.toHaveAttribute(
				'data-ids',
				new RegExp(hazardId)
			);
		}

		// Leave nobody on shift for the other specs' dispatch suggestions.
		for (const phone of [near, far]) {
			await phone.getByTestId('end-shift').click();
			await expect(phone.getByTestId('start-shift')).toBeVisible();
		}
		for (const page of [near, far, organiser]) await page.context().close();
	});
});
