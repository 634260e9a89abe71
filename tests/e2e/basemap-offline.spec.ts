import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { controlRoomAt, startDemoServer } from './own-server';
import { tilesCovering } from '../../src/lib/map/tile-prefetch';
import { pmtilesArchive } from '../support/pmtiles-file';
import { PHONE, expectLive } from './session';

/**
 * With a self-hosted basemap, a marshal's phone saves the event area's tiles while it has
 * signal, and its service worker answers for them when there is none. Its own server (the
 * shared one has no basemap file), on the demo event, with a generated PMTiles archive.
 */

const PORT = Number(process.env.HAVEN_E2E_PORT ?? 4173) + 2;
const BASE = `http://127.0.0.1:${PORT}`;
/** Wellington, around the demo event. */
const CITY = { west: 174.7, south: -41.35, east: 174.85, north: -41.22 };

test('a marshal phone keeps the event area of the basemap and serves it with no signal', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'haven-basemap-'));
	const archivePath = join(dir, 'city.pmtiles');
	writeFileSync(archivePath, pmtilesArchive(tilesCovering(CITY, 10, 16), CITY));
	let server: Awaited<ReturnType<typeof startDemoServer>> | undefined;
	try {
		server = await startDemoServer(PORT, { HAVEN_PMTILES_PATH: archivePath });
		const organiser = await controlRoomAt(browser, BASE);
		await organiser.getByTestId('invite-create-marshal-aroha').click();
		const invite = organiser.getByTestId('invite-url');
		await expect(invite).toHaveValue(/\/join\//);
		const url = await invite.inputValue();
		await organiser.context().close();

		const context = await browser.newContext({ ...PHONE, baseURL: BASE });
		const phone = await context.newPage();
		await phone.goto(url);
		await phone.getByTestId('join-submit').click();
		await phone.waitForURL((u) => u.pathname === '/marshal');
		await expectLive(phone);
		// The first visit installs the worker; the tiles are saved once it controls the page.
		await phone.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await phone.reload();
		await expectLive(phone);
		expect(await phone.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

		await expect
			.poll(() => phone.evaluate(() => localStorage.getItem('haven-basemap-saved')), {
				timeout: 30_000
			})
			.not.toBeNull();
		const saved = await phone.evaluate(async () => {
			const keys = await (await caches.open('haven-basemap-tiles')).keys();
			return keys.map((k) => new URL(k.url).searchParams.get('haven-range') ?? '');
		});
		// Header and directory, and a few dozen tiles of the event area at walking zooms.
		expect(saved.length).toBeGreaterThan(10);

		// No signal: a saved range comes from the phone, byte for byte; an unseen one fails fast.
		await context.setOffline(true);
		const answers = await phone.evaluate(
			async (range) => {
				const [start, end] = range.split('-').map(Number);
				const ask = (r: string) =>
					fetch('/map/basemap.pmtiles', { headers: { Range: `bytes=${r}` } }).then(async (res) => ({
						status: res.status,
						length: (await res.arrayBuffer()).byteLength
					}));
				return {
					saved: await ask(range),
					expectedLength: end - start + 1,
					unseen: await ask('1-2')
				};
			},
			saved[saved.length - 1]
		);
		expect(answers.saved).toEqual({ status: 206, length: answers.expectedLength });
		expect(answers.unseen.status).toBe(504);
		await context.close();
	} finally {
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
});
