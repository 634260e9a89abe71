import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_SOURCE_BYTES } from '$lib/shared/photo';
import { PHONE_MESSAGES, fitWithin, preparePhoto } from './photo-prepare';

describe('preparing a photo on the phone', () => {
	it('brings the long edge down to 1600 px and never enlarges', () => {
		expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
	});

	it('refuses a file that is not a JPEG or PNG, whatever it is called, before decoding it', async () => {
		const text = new File(['just words, not a photo'], 'photo.jpg', { type: 'image/jpeg' });
		expect(await preparePhoto(text)).toEqual({ ok: false, message: PHONE_MESSAGES.type });
		const gif = new Blob([Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0])]);
		expect(await preparePhoto(gif)).toEqual({ ok: false, message: PHONE_MESSAGES.type });
	});

	it('refuses an original too large to decode safely', async () => {
		const huge = new Blob([new Uint8Array(PHOTO_MAX_SOURCE_BYTES + 1)]);
		expect(await preparePhoto(huge)).toEqual({ ok: false, message: PHONE_MESSAGES.size });
	});
});
