import { describe, expect, it } from 'vitest';
import { photoStep, type UploadAnswer } from './outbox-photo-step';
import type { Stored } from './outbox-stored';

const PHOTO = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const bytes = new ArrayBuffer(4);
const report = (photo: Stored['photo']): Stored => ({
	v: 1,
	name: 'incident:report',
	payload: { commandId: 'c', photoId: PHOTO, category: 'medical' },
	label: 'Report',
	createdAt: 1,
	photo
});
const answering = (a: UploadAnswer) => async () => a;

describe('the photo step before a report', () => {
	it('does nothing without a photo, or once the server has it', async () => {
		expect(await photoStep(report(undefined), undefined)).toEqual({
			wait: false,
			next: null,
			message: null
		});
		expect(await photoStep(report({ id: PHOTO, sent: true }), undefined)).toMatchObject({
			wait: false,
			next: null
		});
	});

	it('marks the photo sent and drops its bytes once stored', async () => {
		const step = await photoStep(
			report({ id: PHOTO, sent: false, bytes }),
			answering({ ok: true })
		);
		expect(step).toEqual({
			wait: false,
			next: { ...report({ id: PHOTO, sent: true }) },
			message: null
		});
	});

	it('waits on a transient failure, a thrown upload or no uploader', async () => {
		const photo = { id: PHOTO, sent: false as const, bytes };
		expect(
			await photoStep(report(photo), answering({ ok: false, retry: true, message: 'Busy.' }))
		).toEqual({ wait: true, message: 'Busy.' });
		expect(await photoStep(report(photo), () => Promise.reject(new Error('offline')))).toEqual({
			wait: true,
			message: 'Could not send the photo.'
		});
		expect(await photoStep(report(photo), undefined)).toEqual({
			wait: true,
			message: 'Photos cannot be sent yet.'
		});
	});

	it('sends the report without a refused photo and says so', async () => {
		const step = await photoStep(
			report({ id: PHOTO, sent: false, bytes }),
			answering({ ok: false, retry: false, message: 'Too large.' })
		);
		expect(step.wait).toBe(false);
		if (step.wait) return;
		expect(step.message).toBe('Sent without the photo: Too large.');
		expect(step.next?.photo).toBeUndefined();
		expect(step.next?.payload).toEqual({ commandId: 'c', category: 'medical' });
	});
});
