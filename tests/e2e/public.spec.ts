import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { PHONE, expectLive, signInOrganiser } from './session';

/**
 * The attendee's page, end to end: the nearest open safe spot worked out on the phone
 * (GPS, landmark, map tap), live zone changes from the control room, advisories that drop
 * at expiry, quick exit, the page without JavaScript, and accessibility.
 *
 * Zones: these tests close and reopen "Te Aro Park First Aid" only (no other spec touches
 * it) and always put it back to open.
 */

const TE_ARO = 'zone-te-aro-first-aid';
const HARBOURLIGHT = 'zone-harbourlight-bar';
/** On Dixon Street, about 40 m east of Te Aro Park First Aid; Harbourlight Bar is next, about 80 m. */
const NEAR_TE_ARO = { latitude: -41.2922, longitude: 174.7792 };
/** 23:00 in Wellington (NZDT), when every demo safe spot is within its opening hours. */
const NIGHT = new Date('2026-12-01T10:00:00Z');
const NEUTRAL = 'https://www.metservice.com/';

/** An attendee's phone whose clock reads 23:00 local, so opening hours do not depend on when tests run. */
async function attendee(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
	const page = await (await browser.newContext({ ...PHONE, ...options })).newPage();
	await page.clock.setFixedTime(NIGHT);
	return page;
}

async function mapReady(page: Page) {
	await expect(page.getByTestId('event-map')).toHaveAttribute('data-ready', 'true', {
		timeout: 20_000
	});
}

/** Sets a zone's status from the control room, confirming it was checked in person. */
async function setZoneVerified(organiser: Page, zoneId: string, status: 'open' | 'closed') {
	await organiser.getByTestId(`zone-verified-check-${zoneId}`).check();
	await organiser.getByTestId(`zone-set-${status}-${zoneId}`).click();
	await expect(organiser.getByTestId(`zone-row-${zoneId}`)).toHaveAttribute('data-status', status);
}

async function stubNeutralSite(page: Page) {
	await page
		.context()
		.route(`${NEUTRAL}**`, (route) =>
			route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' })
		);
}

test.describe('public page', () => {
	test.setTimeout(90_000);

	test('the nearest open safe spot, live as the control room closes it; the position stays on the phone', async ({
		browser
	}) => {
		const pub = await attendee(browser, {
			permissions: ['geolocation'],
			geolocation: NEAR_TE_ARO
		});
		// Everything the phone sends, to prove its position is not among it.
		const sent: string[] = [];
		pub.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
		pub.on('websocket', (ws) => {
			sent.push(`ws ${ws.url()}`);
			ws.on('framesent', (f) => sent.push(String(f.payload)));
		});

		await pub.goto('/');
		// Permission already granted: no tap needed.
		const nearest = pub.getByTestId('nearest-spot');
		await expect(nearest).toHaveAttribute('data-zone-id', TE_ARO);
		await expect(pub.getByTestId('nearest-name')).toHaveText('Te Aro Park First Aid');
		await expect(pub.getByTestId('nearest-distance')).toHaveText(/^\d+ m west$/);
		await expect(pub.getByTestId('nearest-announcement')).toHaveText(
			/Nearest open safe spot: Te Aro Park First Aid/
		);
		await expect(pub.getByTestId(`zone-distance-${HARBOURLIGHT}`)).toHaveText(/\d+ m south-east/);
		await expectLive(pub);
		await mapReady(pub);
		await expect(pub.getByTestId('map-source-here')).toHaveAttribute('data-count', '1');

		const organiser = await signInOrganiser(browser);
		await mapReady(organiser);
		const controlZones = organiser.getByTestId('map-source-zones');
		await expect(controlZones).toHaveAttribute('data-ready', 'true');
		const updatesBefore = Number(await controlZones.getAttribute('data-updates'));
		try {
			await setZoneVerified(organiser, TE_ARO, 'closed');
			// The attendee's list moves on at once, without a reload.
			await expect(nearest).toHaveAttribute('data-zone-id', HARBOURLIGHT, { timeout: 2000 });
			await expect(pub.getByTestId(`zone-status-${TE_ARO}`)).toHaveText(/closed/i);
			await expect(pub.getByTestId(`zone-verified-${TE_ARO}`)).not.toHaveText(/not yet/i);
			await expect(pub.getByTestId('nearest-announcement')).toHaveText(/Harbourlight Bar/);
			// The control map's zone layer took the change too.
			await expect
				.poll(async () => Number(await controlZones.getAttribute('data-updates')))
				.toBeGreaterThan(updatesBefore);
			await expect(organiser.getByTestId(`zone-verified-${TE_ARO}`)).not.toHaveText(/not yet/i);
		} finally {
			await setZoneVerified(organiser, TE_ARO, 'open');
		}
		await expect(nearest).toHaveAttribute('data-zone-id', TE_ARO, { timeout: 2000 });

		// Update my location: a new fix, still only on the phone.
		await pub.context().setGeolocation({ latitude: -41.2926, longitude: 174.7801 });
		await pub.getByTestId('use-my-location').click();
		await expect(nearest).toHaveAttribute('data-zone-id', HARBOURLIGHT);

		expect(sent.length).toBeGreaterThan(0);
		const leaks = sent.filter((s) => /174\.7[0-9]|-41\.2[0-9]/.test(s));
		expect(leaks, 'requests or socket frames carrying coordinates').toEqual([]);
	});

	test('without location: a landmark, or a tap on the map', async ({ browser }) => {
		const pub = await attendee(browser);
		await pub.goto('/');
		await expect(pub.getByTestId('nearest-spot')).toHaveCount(0);

		await pub.getByTestId('use-my-location').click();
		await expect(pub.getByTestId('location-problem')).toContainText(/not allowed/i);

		await pub.getByTestId('landmark-select').selectOption({ label: 'Te Aro Park' });
		await expect(pub.getByTestId('nearest-spot')).toHaveAttribute('data-zone-id', TE_ARO);
		await expect(pub.getByTestId('nearest-spot')).toContainText(/From Te Aro Park/);

		await pub.getByTestId('landmark-select').selectOption({ label: 'Embassy Theatre' });
		await expect(pub.getByTestId('nearest-spot')).toHaveAttribute(
			'data-zone-id',
			'zone-embassy-first-aid'
		);

		await mapReady(pub);
		const map = pub.getByTestId('event-map');
		const box = await map.boundingBox();
		if (!box) throw new Error('the map has no size');
		// Away from the controls (top right) and the attribution (bottom right).
		await map.tap({ position: { x: box.width * 0.25, y: box.height * 0.6 } });
		await expect(pub.getByTestId('map-answer')).toContainText(/nearest open safe spot is/);
		await expect(pub.getByTestId('nearest-spot')).toContainText(/spot you tapped/);
		await expect(pub.getByTestId('map-source-here')).toHaveAttribute('data-count', '1');
	});

	test('an advisory shows at once and drops at its expiry without a reload', async ({
		browser
	}) => {
		const pub = await (await browser.newContext(PHONE)).newPage();
		await pub.goto('/');
		await expectLive(pub);

		const organiser = await signInOrganiser(browser);
		const text = `Avoid Ghuznee Street, use Cuba Street (${Date.now()})`;
		await organiser.getByTestId('advisory-text').fill(text);
		await organiser.getByTestId('advisory-audience-public').check();
		await organiser.getByTestId('advisory-expiry').fill('1');
		await organiser.getByTestId('advisory-post').click();
		await expect(pub.getByTestId('advisories')).toContainText(text, { timeout: 2000 });

		// Jump the phone's clock past the expiry; the page drops it by itself.
		await pub.clock.setFixedTime(Date.now() + 61_000);
		await expect(pub.getByTestId('advisories')).not.toContainText(text, { timeout: 20_000 });
	});

	test('quick exit clears storage, forgets the device and leaves for good', async ({ browser }) => {
		const pub = await (await browser.newContext(PHONE)).newPage();
		await stubNeutralSite(pub);
		await pub.goto('/');
		await expectLive(pub);
		const origin = new URL(pub.url()).origin;
		expect((await pub.context().cookies()).map((c) => c.name)).toContain('haven_device');

		await pub.evaluate(async () => {
			localStorage.setItem('haven-test', 'x');
			sessionStorage.setItem('haven-test', 'x');
			await new Promise<void>((resolve, reject) => {
				const req = indexedDB.open('haven-test-db', 1);
				req.onupgradeneeded = () => req.result.createObjectStore('s');
				req.onsuccess = () => (req.result.close(), resolve());
				req.onerror = () => reject(req.error);
			});
			await (await caches.open('haven-test-cache')).put('/x', new Response('x'));
		});

		await pub.getByTestId('quick-exit').click();
		await pub.waitForURL(`${NEUTRAL}**`);
		expect((await pub.context().cookies(origin)).map((c) => c.name)).not.toContain('haven_device');

		// Back does not return to the page: it was replaced.
		await pub.goBack().catch(() => null);
		expect(pub.url()).not.toBe(`${origin}/`);

		// Nothing left on this origin (same tab, so sessionStorage too).
		await pub.goto('/api/health');
		const left = await pub.evaluate(async () => ({
			local: localStorage.length,
			session: sessionStorage.length,
			dbs: (await indexedDB.databases()).map((d) => d.name),
			caches: await caches.keys()
		}));
		expect(left).toEqual({ local: 0, session: 0, dbs: [], caches: [] });
	});

	test('Escape twice is a quick exit too', async ({ browser }) => {
		const pub = await (await browser.newContext(PHONE)).newPage();
		await stubNeutralSite(pub);
		await pub.goto('/');
		await expectLive(pub);
		await pub.keyboard.press('Escape');
		await pub.keyboard.press('Escape');
		await pub.waitForURL(`${NEUTRAL}**`);
	});

	test('without JavaScript: the list reads, and quick exit still leaves', async ({ browser }) => {
		const page = await (await browser.newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
		await stubNeutralSite(page);
		await page.goto('/');
		await expect(page.getByTestId('location-picker')).toHaveCount(0);
		const row = page.getByTestId(`zone-row-${TE_ARO}`);
		await expect(row).toContainText('Te Aro Park First Aid');
		await expect(row).toContainText(/first aid/i);
		await expect(row).toContainText(/hours/i);
		await expect(row).toContainText(/last verified/i);
		await expect(row).toContainText(/step-free/i);
		await expect(page.getByText(/your location is never sent/)).toBeVisible();

		await page.getByTestId('quick-exit').click();
		await page.waitForURL(`${NEUTRAL}**`);
		expect((await page.context().cookies('http://127.0.0.1')).map((c) => c.name)).not.toContain(
			'haven_device'
		);
	});

	test('no accessibility violations without JavaScript', async ({ browser }) => {
		// axe needs scripts, so here the page's own scripts are blocked instead of all of them.
		const page = await (await browser.newContext(PHONE)).newPage();
		await page.route('**/_app/**/*.js', (route) => route.abort());
		await page.goto('/');
		await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'static');
		expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
	});

	test('no accessibility violations at all, before and after location', async ({ browser }) => {
		const pub = await attendee(browser, {
			permissions: ['geolocation'],
			geolocation: NEAR_TE_ARO
		});
		await pub.goto('/');
		await expect(pub.getByTestId('nearest-spot')).toBeVisible();
		await expectLive(pub);
		await mapReady(pub);
		const violations = async () =>
			(await new AxeBuilder({ page: pub }).analyze()).violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
			}));
		expect(await violations(), 'with the nearest spot').toEqual([]);

		const fresh = await attendee(browser);
		await fresh.goto('/');
		await expectLive(fresh);
		await mapReady(fresh);
		expect(
			(await new AxeBuilder({ page: fresh }).analyze()).violations.map((v) => v.id),
			'before location'
		).toEqual([]);
		await fresh.getByTestId('use-my-location').click();
		await expect(fresh.getByTestId('location-problem')).toBeVisible();
		expect(
			(await new AxeBuilder({ page: fresh }).analyze()).violations.map((v) => v.id),
			'after location was refused'
		).toEqual([]);
	});
});
