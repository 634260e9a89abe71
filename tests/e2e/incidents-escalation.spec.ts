import { expect, ORGANISER_NAME, PLACES, queueIdOf, quietAlarms, report, test } from './crew';
import { offerTo, openAndSuggest, stamp } from './incidents-kit';

/**
 * Issue 3, end to end, the alarms: a severity 4 report rings for every organiser and one
 * acknowledgement quiets it for all; a declined job escalates until someone acknowledges it.
 *
 * All specs share one demo server. Marshals used by the incidents specs (by id, not roster row)
 * are not used by the other specs (but Sam, by escort.spec, which runs first and ends his
 * shift): Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off shift)
 * and Farida (pipes only joins with her). This file uses Mei, Ngaio and Tama.
 * Each test ends its phones' shifts. The incidents specs run in the order of their file names,
 * which is the order their tests had in one file (see incidents-kit.ts).
 */

test.describe('incidents', () => {
	// Generous: these machines run several suites side by side.
	test.setTimeout(180_000);

	test('a severity 4 alarm rings for every organiser; one acknowledges it for all', async ({
		crew
	}) => {
		const first = await crew.organiser();
		await quietAlarms(first);
		const second = await crew.organiser();
		await expect(second.getByTestId('alarm-banner')).toHaveCount(0);
		await expect(second).not.toHaveTitle(/^\(!\)/);

		const phone = await crew.phone(first, 'marshal-mei', { at: PLACES.cubaMall });
		const note = `Five people shouting abuse at a couple ${stamp()}`;
		await report(phone, { severity: 4, note });
		const id = await queueIdOf(first, note);

		for (const page of [first, second]) {
			await expect(page.getByTestId('alarm-banner')).toBeVisible();
			await expect(page.getByTestId(`alarm-item-${id}`)).toHaveAttribute(
				'data-kind',
				'unacknowledged'
			);
			await expect(page.getByTestId(`alarm-item-${id}`)).toContainText(
				'Severity 4: Hate-motivated abuse'
			);
			await expect(page).toHaveTitle(/^\(!\) Control room/);
		}

		await first.getByTestId(`alarm-ack-${id}`).click();
		await expect(second.getByTestId(`alarm-item-${id}`)).toHaveCount(0, { timeout: 2_000 });
		await expect(second.getByTestId('alarm-banner')).toHaveCount(0);
		await expect(second).not.toHaveTitle(/^\(!\)/);
		await expect(first.getByTestId('alarm-banner')).toHaveCount(0);
		await expect(second.getByTestId(`incident-state-${id}`)).toHaveText(/acknowledged/i);
		await second.getByTestId(`queue-row-${id}`).click();
		const ack = second
			.getByTestId(`record-${id}`)
			.locator('[data-testid="timeline-entry"][data-type="incident:state-changed"]');
		await expect(ack).toContainText('reported → acknowledged');
		await expect(ack.locator('.who')).toHaveText(ORGANISER_NAME);
	});

	test('a declined job escalates until someone acknowledges it', async ({ crew }) => {
		const organiser = await crew.organiser();
		const reporter = await crew.phone(organiser, 'marshal-ngaio', { at: PLACES.civicSquare });
		const phone = await crew.phone(organiser, 'marshal-tama', { at: PLACES.civicSquare });
		const note = `Lost friend, last seen by the library ${stamp()}`;
		await report(reporter, { category: 'welfare', severity: 2, note });
		const id = await queueIdOf(organiser, note);
		await expect(organiser.getByTestId(`alarm-item-${id}`)).toHaveCount(0);

		await openAndSuggest(organiser, id);
		const jobId = await offerTo(organiser, 'marshal-tama');
		const card = phone.getByTestId(`job-card-${jobId}`);
		await expect(card).toHaveAttribute('data-state', 'offered');
		await expect(card).toContainText(note);

		const reason = `Not safe for me, the group is still here ${stamp()}`;
		await phone.getByTestId(`job-decline-${jobId}`).click();
		await phone.getByTestId('job-decline-reason').fill(reason);
		await phone.getByTestId('job-decline-confirm').click();

		// Control: an alarm naming who declined and why; the job is not dropped.
		const alarm = organiser.getByTestId(`alarm-item-${id}`);
		await expect(alarm).toHaveAttribute('data-kind', 'escalation');
		await expect(alarm).toContainText('Nobody on the way');
		await expect(alarm).toContainText(`Tama H. declined the job`);
		await expect(alarm).toContainText(reason);
		await expect(organiser).toHaveTitle(/^\(!\) /);
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'declined');
		await expect(organiser.getByTestId(`job-${jobId}`)).toContainText(reason);
		await expect(organiser.getByTestId('record-escalation')).toContainText(reason);
		await expect(organiser.getByTestId(`queue-row-${id}`)).toContainText('Nobody on the way');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'dispatched');

		// The phone: the job is past, and the words of someone else's report go with it,
		// now and after a reload (the server's view of a declined job is coarse and wordless).
		await expect(card).toHaveAttribute('data-state', 'declined');
		await expect(phone.getByTestId('jobs')).not.toContainText('New: please answer');
		await expect(card).not.toContainText(note);
		await phone.reload();
		await expect(phone.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
		await expect(phone.getByTestId(`job-card-${jobId}`)).toHaveAttribute('data-state', 'declined');
		expect(await phone.content()).not.toContain(note);

		await organiser.getByTestId(`alarm-ack-${id}`).click();
		await expect(alarm).toHaveCount(0);
		await expect(organiser.getByTestId('record-escalation')).toHaveCount(0);
		await expect(organiser.getByTestId(`queue-row-${id}`)).not.toContainText('Nobody on the way');
		const timeline = organiser.getByTestId(`record-${id}`).getByTestId('timeline-entry');
		await expect(timeline.filter({ hasText: `Tama H. declined: ${reason}` })).toHaveCount(1);
		const acked = timeline.filter({ hasText: 'Escalation acknowledged' });
		await expect(acked.locator('.who')).toHaveText(ORGANISER_NAME);
	});
});
