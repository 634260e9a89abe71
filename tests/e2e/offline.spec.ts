import { devices, expect, test, type Browser, type Page } from '@playwright/test';

/**
 * The marshal app with no network: once a phone has opened /marshal with a signal, its
 * service worker lets it open again with none, ready to take a report.
 */

const ORGANISER = { email: 'organiser@example.org', password: 'pride-night-demo' };
const { defaultBrowserType: _ignored, ...PHONE } = devices['Pixel 7'];
const MARSHAL = 'marshal-farida';

async function joinPhone(browser: Browser): Promise<Page> {
	const organiser = await (await browser.newContext()).newPage();
	await organiser.goto('/signin?next=/control');
	await organiser.getByLabel('Email').fill(ORGANISER.email);
	await organiser.getByLabel('Password').fill(ORGANISER.password);
	await organiser.getByTestId('signin-submit').click();
	await organiser.waitForURL((url) => url.pathname === '/control');
	await organiser.getByTestId(`invite-create-${MARSHAL}`).click();
	const invite = organiser.getByTestId('invite-url');
	await expect(invite).toHaveValue(/\/join\//);
	const url = await invite.inputValue();
	await organiser.context().close();

	const phone = await (
		await browser.newContext({
			...PHONE,
			permissions: ['geolocation'],
			geolocation: { latitude: -41.2922, longitude: 174.7787 }
		})
	).newPage();
	await phone.goto(url);
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((u) => u.pathname === '/marshal');
	await expect(phone.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', {
		timeout: 10_000
	});
	return phone;
}

/** Waits until the worker controls the page and has saved this marshal's shell. */
async function offlineReady(phone: Page) {
	await expect
		.poll(
			() =>
				phone.evaluate(async () => {
					await navigator.serviceWorker.ready;
					const shell = await caches.open('haven-marshal-shell');
					return (await shell.keys()).length > 0;
				}),
			{ timeout: 15_000 }
		)
		.toBe(true);
}

test.describe('offline marshal app', () => {
	test.setTimeout(90_000);

	test('opens with no network from its saved shell, which holds no incidents', async ({
		browser
	}) => {
		const phone = await joinPhone(browser);
		await offlineReady(phone);

		// A report made online is in the live page, but never in the shell the phone keeps.
		const note = `Shell privacy check ${Date.now()}`;
		await phone.getByTestId('report-category-welfare').check();
		await phone.getByTestId('report-severity-2').check();
		await phone.getByTestId('report-note').fill(note);
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);
		const [saved, fresh] = await phone.evaluate(async () => {
			const cache = await caches.open('haven-marshal-shell');
			const res = await cache.match('/marshal');
			const again = await fetch('/marshal', { headers: { 'x-haven-shell': '1' } });
			return [res ? await res.text() : '', await again.text()];
		});
		for (const html of [saved, fresh]) {
			expect(html).toContain('Farida');
			expect(html).toMatch(/ticket:""/);
		}
		expect(fresh).not.toContain(note);
		expect(await (await phone.request.get('/marshal')).text()).toContain(note);

		await phone.context().setOffline(true);
		await phone.reload();
		await expect(phone.getByRole('heading', { level: 1 })).toContainText('Farida');
		await expect(phone.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
		await expect(phone.getByTestId('report-send')).toBeVisible();

		await phone.context().setOffline(false);
		await expect(phone.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', {
			timeout: 20_000
		});
	});
});
