import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { controlRoomAt, startDemoServer } from './own-server';
import { craftedJpeg } from '../support/photo-bytes';
import { PHONE } from './session';

/**
 * The photo route after the retention period, over real HTTP: an upload no report took is
 * deleted (here after two seconds), and then `GET /api/photos/<id>` answers 410 Gone to the
 * control room and to the marshal who sent it, 404 to another marshal and 401 to a stranger,
 * exactly as for a photo that never existed. Its own server, for the short period.
 */

const PORT = Number(process.env.HAVEN_E2E_PORT ?? 4173) + 3;
const BASE = `http://127.0.0.1:${PORT}`;

async function joinAs(
	organiser: Page,
	marshalId: string,
	browser: import('@playwright/test').Browser
) {
	const invite = organiser.getByTestId('invite-url');
	const before = (await invite.count()) > 0 ? await invite.inputValue() : '';
	await organiser.getByTestId(`invite-create-${marshalId}`).click();
	await expect(invite).toHaveValue(/\/join\//);
	await expect(invite).not.toHaveValue(before);
	const url = await invite.inputValue();
	const phone = await (await browser.newContext({ ...PHONE, baseURL: BASE })).newPage();
	await phone.goto(url);
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((u) => u.pathname === '/marshal');
	return phone;
}

test('a deleted photo answers 410 to those who could see it, and nothing new to anyone else', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const server = await startDemoServer(PORT, { HAVEN_PHOTO_RETENTION_SECONDS: '2' });
	try {
		const organiser = await controlRoomAt(browser, BASE);
		const sender = await joinAs(organiser, 'marshal-aroha', browser);
		const colleague = await joinAs(organiser, 'marshal-sione', browser);

		const id = crypto.randomUUID();
		const put = await sender.request.put(`/api/photos/${id}`, {
			data: Buffer.from(craftedJpeg()),
			headers: { 'Content-Type': 'image/jpeg' }
		});
		expect(put.status()).toBe(201);
		const get = (page: Page) => page.request.get(`/api/photos/${id}`).then((r) => r.status());
		expect(await get(organiser)).toBe(200);

		// No report took it: deleted once two seconds have passed and a sweep ran.
		await expect.poll(() => get(organiser), { timeout: 30_000 }).toBe(410);
		expect(await get(sender)).toBe(410);
		expect(await get(colleague)).toBe(404);
		const stranger = await playwrightRequest.newContext({ baseURL: BASE });
		try {
			expect((await stranger.get(`/api/photos/${id}`)).status()).toBe(401);
		} finally {
			await stranger.dispose();
		}
		// The id stays taken: the same upload again cannot bring the bytes back.
		const again = await sender.request.put(`/api/photos/${id}`, {
			data: Buffer.from(craftedJpeg()),
			headers: { 'Content-Type': 'image/jpeg' }
		});
		expect(again.status()).toBe(200);
		expect(await get(organiser)).toBe(410);
		for (const page of [organiser, sender, colleague]) await page.context().close();
	} finally {
		await server.stop();
	}
});
