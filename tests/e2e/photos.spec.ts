import AxeBuilder from '@axe-core/playwright';
import { seriousViolations } from './axe';
import { request as playwrightRequest, type Page } from '@playwright/test';
import { craftedJpeg, hasExif, withExif } from '../support/photo-bytes';
import { expect, PLACES, queueIdOf, test } from './crew';

/**
 * Issue 5, item 3: a photo with a report. The marshal attaches a camera JPEG that carries
 * an EXIF GPS position; the phone shrinks it and the control room's record shows it, with
 * no EXIF left in the bytes the organiser gets. Wrong types are refused on the phone with a
 * message, and the server refuses wrong types, oversize bodies, bad ids and strangers itself.
 *
 * Marshal used here and nowhere else: Jordan. Each test ends the phone's shift (the crew
 * fixture does) and closes its windows.
 */

const stamp = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A real camera-sized JPEG drawn in the phone's browser, with an EXIF GPS block put in. */
async function cameraJpeg(phone: Page): Promise<Buffer> {
	const base64 = await phone.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 2000;
		canvas.height = 1500;
		const c = canvas.getContext('2d')!;
		c.fillStyle = '#3a6ea5';
		c.fillRect(0, 0, 2000, 1500);
		c.fillStyle = '#ffd23f';
		c.fillRect(400, 300, 1200, 900);
		const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/jpeg', 0.9));
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let text = '';
		for (const b of bytes) text += String.fromCharCode(b);
		return btoa(text);
	});
	return Buffer.from(withExif(new Uint8Array(Buffer.from(base64, 'base64'))));
}

test.describe('photos with reports', () => {
	// Two browsers, a map and a photo decoded in software, on a shared two-core machine.
	test.setTimeout(150_000);

	test('a marshal sends a photo; the control room sees it without its GPS', async ({ crew }) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-jordan', { at: PLACES.cubaMall });
		const photo = await cameraJpeg(phone);
		expect(hasExif(photo), 'the test photo carries EXIF GPS').toBe(true);

		const note = `Photo report ${stamp()}`;
		await phone.getByTestId('report-category-medical').click();
		await phone.getByTestId('report-severity-3').click();
		await phone.getByTestId('report-note').fill(note);
		await phone
			.getByTestId('photo-input')
			.setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: photo });
		const preview = phone.getByTestId('report-photo').getByRole('img');
		await expect(preview).toBeVisible();
		await expect(phone.getByTestId('photo-remove')).toBeVisible();
		expect(
			seriousViolations(
				await new AxeBuilder({ page: phone }).include('[data-testid="quick-report"]').analyze()
			),
			'the report form with a photo attached'
		).toEqual([]);
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-result')).toHaveText(/received by control.*photo/i);

		const id = await queueIdOf(organiser, note);
		await organiser.getByTestId(`queue-row-${id}`).click();
		const shown = organiser.getByTestId('record-photo');
		await expect(shown).toBeVisible();
		await expect(shown).toHaveAttribute('alt', /Medical/);
		// Loaded and decoded, and shrunk on the phone to 1600 px on its long edge.
		await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
		expect(
			seriousViolations(
				await new AxeBuilder({ page: organiser }).include('[data-testid="record-panel"]').analyze()
			),
			'the record with a photo'
		).toEqual([]);

		const src = await shown.getAttribute('src');
		const res = await organiser.request.get(src!);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toBe('image/jpeg');
		expect(res.headers()['x-content-type-options']).toBe('nosniff');
		expect(res.headers()['cache-control']).toMatch(/no-store/);
		const bytes = new Uint8Array(await res.body());
		expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
		expect(hasExif(bytes), 'no EXIF (and so no GPS) reaches the control room').toBe(false);

		// The link opens the full-size photo.
		await expect(organiser.getByTestId('record-photo-link')).toHaveAttribute('href', src!);
	});

	test('a removed photo is not sent, and the report still is', async ({ crew }) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-jordan', { at: PLACES.cubaMall });
		const note = `No photo after all ${stamp()}`;
		await phone.getByTestId('report-category-medical').click();
		await phone.getByTestId('report-severity-2').click();
		await phone.getByTestId('report-note').fill(note);
		await phone
			.getByTestId('photo-input')
			.setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(phone) });
		await phone.getByTestId('photo-remove').click();
		await expect(phone.getByTestId('photo-status')).toHaveText(/removed/i);
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);
		await expect(phone.getByTestId('report-result')).not.toHaveText(/photo/i);

		const id = await queueIdOf(organiser, note);
		await organiser.getByTestId(`queue-row-${id}`).click();
		await expect(organiser.getByTestId(`record-${id}`)).toBeVisible();
		await expect(organiser.getByTestId('record-photo')).toHaveCount(0);
	});

	test('a wrong file is refused on the phone, and bad uploads by the server', async ({
		crew,
		baseURL
	}) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-jordan', { shift: false });

		// A text file named like a photo: refused with a message, nothing attached.
		await phone.getByTestId('photo-input').setInputFiles({
			name: 'photo.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from('this is not a photo at all')
		});
		await expect(phone.getByTestId('photo-error')).toHaveText(/Only JPEG or PNG/);
		await expect(phone.getByTestId('photo-remove')).toHaveCount(0);

		const put = (page: Page, id: string, data: Buffer) =>
			page.request.put(`/api/photos/${id}`, {
				data,
				headers: { 'Content-Type': 'image/jpeg' }
			});
		const jpegWithGps = Buffer.from(craftedJpeg());

		expect((await put(phone, crypto.randomUUID(), Buffer.from('GIF89a not a jpeg'))).status()).toBe(
			415
		);
		const tooLarge = Buffer.alloc(2 * 1024 * 1024 + 1);
		jpegWithGps.copy(tooLarge);
		expect((await put(phone, crypto.randomUUID(), tooLarge)).status()).toBe(413);
		expect((await put(phone, 'not-a-uuid', jpegWithGps)).status()).toBe(400);
		expect((await put(organiser, crypto.randomUUID(), jpegWithGps)).status()).toBe(403);
		const stranger = await playwrightRequest.newContext({ baseURL });
		try {
			const id = crypto.randomUUID();
			expect((await stranger.put(`/api/photos/${id}`, { data: jpegWithGps })).status()).toBe(401);
			expect((await stranger.get(`/api/photos/${id}`)).status()).toBe(401);
		} finally {
			await stranger.dispose();
		}

		// Straight to the server, skipping the phone's own stripping: the server strips too,
		// and a resend of the same id by the same marshal is fine.
		const id = crypto.randomUUID();
		expect((await put(phone, id, jpegWithGps)).status()).toBe(201);
		expect((await put(phone, id, jpegWithGps)).status()).toBe(200);
		const got = await organiser.request.get(`/api/photos/${id}`);
		expect(got.status()).toBe(200);
		expect(hasExif(new Uint8Array(await got.body()))).toBe(false);
		// The marshal who sent it may look at it; an unknown id is simply not there.
		expect((await phone.request.get(`/api/photos/${id}`)).status()).toBe(200);
		expect((await organiser.request.get(`/api/photos/${crypto.randomUUID()}`)).status()).toBe(404);
	});
});
