import AxeBuilder from '@axe-core/playwright';
import { seriousViolations } from './axe';
import { newId } from '../../src/lib/shared/ids';
import { command, expect, PLACES, queueIdOf, queueIds, report, test } from './crew';
import { offerTo, openAndSuggest, stamp } from './incidents-kit';

/**
 * Issue 3, end to end, what must hold on the way: bad input refused with a clear message on the
 * page and a typed error from the server, changing nothing; axe on both pages, with a record and
 * a job open.
 *
 * All specs share one demo server. Marshals used by the incidents specs (by id, not roster row)
 * are not used by the other specs (but Sam, by escort.spec, which runs first and ends his
 * shift): Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off shift)
 * and Farida (pipes only joins with her). This file uses Farida and Sam. Each
 * test ends its phones' shifts. The incidents specs run in the order of their file names, which
 * is the order their tests had in one file (see incidents-kit.ts).
 */

test.describe('incidents', () => {
	// Generous: these machines run several suites side by side.
	test.setTimeout(180_000);

	test('bad input: a clear message on the page, a typed error from the server, nothing changes', async ({
		crew
	}) => {
		const organiser = await crew.organiser();
		// No location permission: the phone has no GPS.
		const phone = await crew.phone(organiser, 'marshal-farida');
		await expect(phone.getByTestId('position-sharing')).toHaveAttribute('data-status', 'denied');
		const before = await queueIds(organiser);

		// A report with neither a position nor a description: the phone says where it needs.
		await phone.getByTestId('report-category-medical').click();
		await phone.getByTestId('report-severity-2').click();
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-error')).toHaveText(
			'Where is it? Tap the map to mark the spot, or write where in the note.'
		);
		await expect(phone.getByTestId('report-map')).toBeVisible();
		await expect(phone.getByTestId('report-result')).toHaveText('');
		// The same report forced past the page: the server refuses it with a typed error.
		const marshalSocket = await crew.socket(phone, 'marshal');
		const refusedId = newId();
		const refused = await command(marshalSocket, 'incident:report', {
			commandId: newId(),
			incidentId: refusedId,
			category: 'medical',
			severity: 2,
			onBehalf: false
		});
		expect(refused).toMatchObject({ ok: false, code: 'invalid' });
		expect(refused.message).toBeTruthy();
		// The next report (words only) is the one new incident: nothing came in between.
		const note = `Dizzy, sitting on the kerb outside the bank on Manners St ${stamp()}`;
		await phone.getByTestId('report-note').fill(note);
		await phone.getByTestId('report-send').click();
		await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);
		const id = await queueIdOf(organiser, note);
		expect((await queueIds(organiser)).filter((i) => !before.includes(i))).toEqual([id]);
		await expect(organiser.getByTestId(`queue-row-${refusedId}`)).toHaveCount(0);

		// A state move the rules do not allow is not offered…
		await organiser.getByTestId(`queue-row-${id}`).click();
		const record = organiser.getByTestId(`record-${id}`);
		await expect(record).toHaveAttribute('data-state', 'reported');
		await expect(organiser.getByTestId('record-transition-acknowledged')).toBeVisible();
		await expect(organiser.getByTestId('record-transition-on-scene')).toHaveCount(0);
		const lines = record.getByTestId('timeline-entry');
		const linesBefore = await lines.count();
		// …and refused when forced; so is a job for a marshal who does not exist.
		const organiserSocket = await crew.socket(organiser, 'organiser');
		expect(
			await command(organiserSocket, 'incident:transition', {
				commandId: newId(),
				incidentId: id,
				to: 'on-scene'
			})
		).toMatchObject({ ok: false, code: 'conflict' });
		expect(
			await command(organiserSocket, 'job:offer', {
				commandId: newId(),
				incidentId: id,
				offers: [{ jobId: newId(), marshalId: 'marshal-nobody' }]
			})
		).toMatchObject({ ok: false, code: 'not-found' });

		// Dispatch to a marshal who went off shift after the suggestion: refused, said clearly.
		await organiser.getByTestId('dispatch-suggest').click();
		await expect(organiser.getByTestId('dispatch-candidate-marshal-farida')).toBeVisible();
		await phone.getByTestId('end-shift').click();
		await expect(organiser.getByTestId('roster-status-marshal-farida')).toHaveText(/off shift/i);
		await organiser.getByTestId('dispatch-candidate-marshal-farida').check();
		await organiser.getByTestId('dispatch-send').click();
		await expect(organiser.getByTestId('dispatch-error')).toHaveText('Farida N. is off shift.');
		await expect(organiser.getByTestId('dispatch-result')).toHaveText('');

		// Nothing changed: same state, no job, no new line in the timeline.
		await expect(record).toHaveAttribute('data-state', 'reported');
		await expect(record.locator('[data-testid^="job-"][data-state]')).toHaveCount(0);
		await expect(lines).toHaveCount(linesBefore);
	});

	test('no serious or critical accessibility violations with a record and a job open', async ({
		crew
	}) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-sam', { at: PLACES.tory });
		const note = `Person crying alone near the bus stop ${stamp()}`;
		await report(phone, { category: 'welfare', severity: 2, note });
		const id = await queueIdOf(organiser, note);
		await openAndSuggest(organiser, id);
		const jobId = await offerTo(organiser, 'marshal-sam');
		await expect(phone.getByTestId(`job-card-${jobId}`)).toHaveAttribute('data-state', 'offered');
		await expect(phone.getByTestId('quick-report')).toBeVisible();

		for (const page of [organiser, phone]) {
			await expect(page.getByTestId('event-map').first()).toHaveAttribute('data-ready', 'true', {
				timeout: 20_000
			});
		}
		await expect(organiser.getByTestId(`record-${id}`)).toBeVisible();
		expect(
			seriousViolations(await new AxeBuilder({ page: organiser }).analyze()),
			'/control with a record open'
		).toEqual([]);
		expect(
			seriousViolations(await new AxeBuilder({ page: phone }).analyze()),
			'/marshal with a job card and the report form'
		).toEqual([]);
	});
});
