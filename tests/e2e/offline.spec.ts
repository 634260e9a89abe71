import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE, expectLive, signInOrganiser } from './session';

/**
 * The marshal app with no network: once a phone has opened /marshal with a signal, its
 * service worker lets it open again with none, reports wait in the outbox (IndexedDB) and
 * arrive exactly once when the signal is back; a revoked phone keeps nothing.
 */

const MARSHAL = 'marshal-farida';

async function joinPhone(browser: Browser, organiser: Page): Promise<Page> {
	await organiser.getByTestId(`invite-create-${MARSHAL}`).click();
	const invite = organiser.getByTestId('invite-url');
	await expect(invite).toHaveValue(/\/join\//);
	const url = await invite.inputValue();
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
	await expectLive(phone);
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

async function report(phone: Page, note: string) {
	await phone.getByTestId('report-category-welfare').check();
	await phone.getByTestId('report-severity-2').check();
	await phone.getByTestId('report-note').fill(note);
	await phone.getByTestId('report-send').click();
}

/** What the phone's storage holds: outbox database names, shell cache, my-report ids. */
function phoneStorage(phone: Page) {
	return phone.evaluate(async () => ({
		databases: (await indexedDB.databases()).map((d) => d.name),
		shell: (await caches.keys()).includes('haven-marshal-shell'),
		myReports: localStorage.getItem('haven:my-reports')
	}));
}

test.describe('offline marshal app', () => {
	test.setTimeout(120_000);

	test('reports made offline survive a reload and arrive once each when the signal is back', async ({
		browser
	}) => {
		const organiser = await signInOrganiser(browser);
		const phone = await joinPhone(browser, organiser);
		await offlineReady(phone);

		// A report made online is in the live page, but never in the shell the phone keeps.
		const online = `Shell privacy check ${Date.now()}`;
		await report(phone, online);
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
		expect(fresh).not.toContain(online);

		// No signal: two reports wait on the phone.
		await phone.context().setOffline(true);
		await expect(phone.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
		const notes = [`Offline one ${Date.now()}`, `Offline two ${Date.now()}`];
		for (const note of notes) {
			await report(phone, note);
			await expect(phone.getByTestId('report-result')).toHaveText(/saved on this phone/i);
		}
		await expect(phone.getByTestId('outbox')).toHaveAttribute('data-pending', '2');

		// The app opens again with no network, and the outbox still holds both.
		await phone.reload();
		await expect(phone.getByRole('heading', { level: 1 })).toContainText('Farida');
		await expect(phone.getByTestId('report-send')).toBeVisible();
		await expect(phone.getByTestId('outbox')).toHaveAttribute('data-pending', '2');
		await expect(phone.locator('[data-testid^="outbox-item-"][data-state="queued"]')).toHaveCount(
			2
		);

		// Signal back: both reach the control room exactly once, and show as received.
		await phone.context().setOffline(false);
		await expectLive(phone, 20_000);
		await expect(phone.getByTestId('outbox')).toHaveAttribute('data-pending', '0', {
			timeout: 20_000
		});
		await expect(phone.locator('[data-testid^="outbox-item-"][data-state="received"]')).toHaveCount(
			2
		);
		for (const note of notes) {
			await expect(organiser.locator('[data-testid^="queue-row-"]', { hasText: note })).toHaveCount(
				1
			);
		}
		// A while later (a timer round and a reconnect have passed), still once each.
		await phone.waitForTimeout(2_000);
		for (const note of notes) {
			await expect(organiser.locator('[data-testid^="queue-row-"]', { hasText: note })).toHaveCount(
				1
			);
		}
		expect((await phoneStorage(phone)).databases).toContain('haven-outbox');

		const results = await new AxeBuilder({ page: phone }).analyze();
		const serious = results.violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		);
		expect(serious.map((v) => v.id)).toEqual([]);

		// Revoked: signed out at once, and nothing of the night stays on the phone.
		// Other specs may have enrolled phones for this marshal too: revoke them all.
		const revoke = organiser.locator(
			`[data-testid="roster-row-${MARSHAL}"] [data-testid^="revoke-"]`
		);
		while ((await revoke.count()) > 0) {
			const before = await revoke.count();
			await revoke.first().click();
			await expect(revoke).toHaveCount(before - 1);
		}
		await expect(phone.getByTestId('marshal-revoked')).toBeVisible({ timeout: 1_000 });
		await expect
			.poll(() => phoneStorage(phone), { timeout: 5_000 })
			.toEqual({ databases: [], shell: false, myReports: null });
		for (const page of [phone, organiser]) await page.context().close();
	});
});
