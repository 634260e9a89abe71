import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { newId } from '../../src/lib/shared/ids';
import {
	alertsOf,
	command,
	expect,
	idOf,
	mapReady,
	ORGANISER_NAME,
	PLACES,
	queueIdOf,
	queueIds,
	quietAlarms,
	report,
	test
} from './crew';

/**
 * Issue 3, end to end: a marshal's three-tap report reaches the control room's queue and map
 * within a second; dispatch, accept, on scene, resolved, all in the record's timeline with who
 * and when; alarms shared by every organiser; a decline escalates; the queue by keyboard alone;
 * map layers by their source data; bad input refused with a clear message; axe on both pages.
 *
 * All specs share one demo server. Marshals used here (by id, not roster row) are not used by
 * the other specs: Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off
 * shift) and Farida (pipes only joins with her). Each test ends its phones' shifts.
 */

const stamp = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const TIME = /^\d{2}:\d{2}:\d{2}$/;

function seriousViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>) {
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
}

/** Opens a record from its queue row and asks for suggestions. */
async function openAndSuggest(organiser: Page, incidentId: string) {
	await organiser.getByTestId(`queue-row-${incidentId}`).click();
	await expect(organiser.getByTestId(`record-${incidentId}`)).toBeVisible();
	await organiser.getByTestId('dispatch-suggest').click();
	await expect(organiser.getByTestId('dispatch-candidates')).toBeVisible();
}

/** Offers the open record's job to one marshal; returns the job id. */
async function offerTo(organiser: Page, marshalId: string): Promise<string> {
	const before = await organiser.locator('[data-testid^="job-"][data-state]').count();
	await organiser.getByTestId(`dispatch-candidate-${marshalId}`).check();
	await organiser.getByTestId('dispatch-send').click();
	const jobs = organiser.locator('[data-testid^="job-"][data-state]');
	await expect(jobs).toHaveCount(before + 1);
	// Newest first.
	return idOf(jobs.first(), 'job-');
}

/**
 * One three-tap report (category, severity, Send), timed in the browsers themselves: from the
 * tap's own event time to the moment the organiser's page shows the new incident both as a
 * queue row and in the map's incident source. The test runner's scheduling on a busy machine
 * is not part of the promise, so it is not in the measure.
 */
async function timedThreeTapReport(
	organiser: Page,
	phone: Page
): Promise<{ id: string; ms: number; rowMs: number }> {
	type Shown = { id: string; at: number; rowAt: number };
	const before = await queueIds(organiser);
	await organiser.evaluate((known) => {
		const w = window as unknown as { __shown: Shown | null };
		w.__shown = null;
		let rowAt = 0;
		const check = () => {
			const rows = [...document.querySelectorAll('[data-testid^="queue-row-"]')].map((r) =>
				(r.getAttribute('data-testid') ?? '').slice('queue-row-'.length)
			);
			const probe = document.querySelector('[data-testid="map-source-incidents"]');
			const onMap = (probe?.getAttribute('data-ids') ?? '').split(',');
			const added = rows.filter((id) => !known.includes(id));
			const now = performance.timeOrigin + performance.now();
			if (added.length === 1 && !rowAt) rowAt = now;
			if (added.length === 1 && onMap.includes(added[0])) {
				w.__shown = { id: added[0], at: now, rowAt };
				observer.disconnect();
			}
		};
		const observer = new MutationObserver(check);
		observer.observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-ids']
		});
	}, before);
	await phone.getByTestId('report-send').evaluate((send) => {
		const w = window as unknown as { __tappedAt: number | null };
		w.__tappedAt = null;
		send.addEventListener('click', (e) => (w.__tappedAt = performance.timeOrigin + e.timeStamp), {
			once: true
		});
	});

	// Three taps, nothing else: what, how serious, send.
	await phone.getByTestId('report-category-medical').tap();
	await phone.getByTestId('report-severity-2').tap();
	await phone.getByTestId('report-send').tap();

	const shown = () =>
		organiser.evaluate(() => (window as unknown as { __shown: Shown | null }).__shown);
	await expect.poll(async () => (await shown())?.id ?? null).not.toBeNull();
	const tappedAt = await phone.evaluate(
		() => (window as unknown as { __tappedAt: number | null }).__tappedAt
	);
	expect(tappedAt, 'the tap on Send was seen').not.toBeNull();
	const { id, at, rowAt } = (await shown())!;
	await expect(phone.getByTestId('report-result')).toHaveText(
		/received by control, with your GPS position/i
	);
	// The form is ready for the next report: nothing chosen.
	await expect(phone.getByTestId('report-category-medical')).not.toBeChecked();
	return { id, ms: Math.round(at - tappedAt!), rowMs: Math.round(rowAt - tappedAt!) };
}

test.describe('incidents', () => {
	// Generous: these machines run several suites side by side; the one timed promise is measured.
	test.setTimeout(180_000);

	test('a three-tap report is on the queue and the map within a second', async ({ crew }) => {
		const organiser = await crew.organiser();
		await mapReady(organiser);
		const phone = await crew.phone(organiser, 'marshal-sam', { at: PLACES.waterfront });
		// The marshal is live on the organiser's map before the report.
		await expect(organiser.getByTestId('map-source-marshals')).toHaveAttribute(
			'data-ids',
			/marshal-sam/,
			{ timeout: 10_000 }
		);
		// Three reports, each exactly three taps; the promise is judged on their median, so one
		// scheduling stall of a shared two-core machine does not decide it alone.
		const samples: { id: string; ms: number; rowMs: number }[] = [];
		for (let i = 0; i < 3; i++) samples.push(await timedThreeTapReport(organiser, phone));
		test.info().annotations.push({
			type: 'tap to control room (queue row and map)',
			description: samples.map((s) => `${s.ms} ms (row ${s.rowMs} ms)`).join('; ')
		});
		const median = samples.map((s) => s.ms).sort((a, b) => a - b)[1];
		expect(median, 'median ms from the tap on Send to queue row + map feature').toBeLessThan(1_000);

		const { id } = samples[2];
		await expect(organiser.getByTestId(`queue-row-${id}`)).toContainText('Medical');
		await expect(organiser.getByTestId(`incident-severity-${id}`)).toHaveText(/severity 2/i);
		await expect(organiser.getByTestId(`incident-state-${id}`)).toHaveText(/reported/i);
		await expect(phone.getByTestId(`my-report-state-${id}`)).toHaveText(/reported/i);
		// The position is the phone's GPS.
		await organiser.getByTestId(`queue-row-${id}`).click();
		await expect(organiser.getByTestId('record-position')).toContainText('-41.28771');
		await expect(organiser.getByTestId('record-position')).toContainText('174.77962');
	});

	test('dispatch, accept, on scene, resolved: every step in the timeline', async ({ crew }) => {
		const organiser = await crew.organiser();
		const phone = await crew.phone(organiser, 'marshal-sione', { at: PLACES.courtenay });
		const note = `Man cut on the arm outside the takeaway ${stamp()}`;
		await report(phone, { category: 'hate-assault', severity: 3, note });
		const id = await queueIdOf(organiser, note);

		// The nearest free marshal is suggested first: the one who is standing there.
		await openAndSuggest(organiser, id);
		await expect(organiser.locator('[data-testid^="dispatch-candidate-"]').first()).toHaveAttribute(
			'data-testid',
			'dispatch-candidate-marshal-sione'
		);
		const jobId = await offerTo(organiser, 'marshal-sione');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'offered');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'dispatched');

		// The phone: the card, brought to attention with vibration, sound and a spoken line.
		const card = phone.getByTestId(`job-card-${jobId}`);
		await expect(card).toHaveAttribute('data-state', 'offered');
		await expect(card).toContainText(note);
		await expect(phone.getByTestId('job-announcement')).toHaveText(
			/New job: Hate-motivated assault, severity 3 of 4\. Right where you are\./
		);
		const alerts = await alertsOf(phone);
		expect(alerts.vibrations).toContainEqual([400, 150, 400, 150, 400]);
		expect(alerts.tones).toBeGreaterThanOrEqual(4);

		await phone.getByTestId(`job-accept-${jobId}`).click();
		await expect(card).toHaveAttribute('data-state', 'accepted');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'accepted');
		await expect(organiser.getByTestId(`roster-status-marshal-sione`)).toHaveText(/on a job/i);

		await phone.getByTestId(`job-on-scene-${jobId}`).click();
		await expect(card).toHaveAttribute('data-state', 'on-scene');
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'on-scene');

		await phone.getByTestId(`job-resolve-${jobId}`).click();
		await phone.getByTestId('job-outcome').fill('Handed to first aid, friends with him');
		await phone.getByTestId('job-resolve-confirm').click();
		await expect(organiser.getByTestId(`record-${id}`)).toHaveAttribute('data-state', 'resolved');
		await expect(organiser.getByTestId(`job-${jobId}`)).toHaveAttribute('data-state', 'resolved');
		await expect(organiser.getByTestId(`roster-status-marshal-sione`)).toHaveText(/available/i);
		await expect(phone.getByTestId(`my-report-state-${id}`)).toHaveText(/resolved/i);

		// The record: every step, who and when.
		const lines = organiser.getByTestId(`record-${id}`).getByTestId('timeline-entry');
		const steps = [
			['incident:reported', 'Sione T. (marshal)', 'Reported: Hate-motivated assault, severity 3'],
			['job:offered', ORGANISER_NAME, 'Job offered to Sione T.'],
			['job:accepted', 'Sione T. (marshal)', 'Sione T. accepted'],
			['job:on-scene', 'Sione T. (marshal)', 'Sione T. on scene'],
			['job:resolved', 'Sione T. (marshal)', 'Sione T. resolved: Handed to first aid']
		] as const;
		for (const [type, who, what] of steps) {
			const line = lines.and(organiser.locator(`[data-type="${type}"]`));
			await expect(line, type).toHaveCount(1);
			await expect(line.locator('.who'), type).toHaveText(who);
			await expect(line.locator('.what'), type).toContainText(what);
			await expect(line.locator('time'), type).toHaveText(TIME);
			expect(Date.parse((await line.locator('time').getAttribute('datetime')) ?? '')).not.toBeNaN();
		}
		// The incident's own state moves, each from where it really was.
		const moves = [
			['State: reported → dispatched', ORGANISER_NAME],
			['State: dispatched → on-scene', 'Sione T. (marshal)'],
			['State: on-scene → resolved', 'Sione T. (marshal)']
		] as const;
		const stateLines = lines.and(organiser.locator('[data-type="incident:state-changed"]'));
		await expect(stateLines.locator('.what')).toHaveText(moves.map(([what]) => what));
		await expect(stateLines.locator('.who')).toHaveText(moves.map(([, who]) => who));
		// In the order they happened.
		const types = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
		expect(types.filter((t) => steps.some(([s]) => s === t))).toEqual(steps.map(([s]) => s));
	});

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

	test('the queue works by keyboard alone', async ({ crew }) => {
		// Not one pointer event: sign-in, invite, join, reports and the queue, all keys.
		const organiser = await crew.organiser({ keys: true });
		const phone = await crew.phone(organiser, 'marshal-ngaio', { at: PLACES.taranaki, keys: true });
		const minor = `Someone feeling faint by the stage ${stamp()}`;
		const serious = `Bottle thrown at the crowd ${stamp()}`;
		await report(phone, { category: 'medical', severity: 1, note: minor, keys: true });
		await report(phone, { category: 'disorder', severity: 3, note: serious, keys: true });
		const minorId = await queueIdOf(organiser, minor);
		const seriousId = await queueIdOf(organiser, serious);

		// From the top of the page.
		await organiser.reload();
		await expect(organiser.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
		const focused = () =>
			organiser.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
		let tabs = 0;
		while (!(await focused())?.startsWith('queue-row-')) {
			expect(tabs++, 'Tab presses to reach the queue').toBeLessThan(120);
			await organiser.keyboard.press('Tab');
		}
		// Newest first: the serious one, then the minor one.
		await expect(organiser.getByTestId(`queue-row-${seriousId}`)).toBeFocused();
		await organiser.keyboard.press('ArrowDown');
		await expect(organiser.getByTestId(`queue-row-${minorId}`)).toBeFocused();
		await organiser.keyboard.press('ArrowUp');
		await expect(organiser.getByTestId(`queue-row-${seriousId}`)).toBeFocused();
		await organiser.keyboard.press('ArrowDown');

		// Enter opens the record, and the keyboard lands in it.
		await organiser.keyboard.press('Enter');
		await expect(organiser.getByTestId(`record-${minorId}`)).toBeVisible();
		await expect(organiser.getByTestId('record-description')).toHaveText(minor);
		await expect(organiser.locator('#record-heading')).toBeFocused();
		await expect(organiser.getByTestId(`queue-row-${minorId}`)).toHaveAttribute(
			'aria-selected',
			'true'
		);
		// The record's close control takes it back to the row it came from.
		await organiser.keyboard.press('Tab');
		await expect(organiser.getByTestId('record-close')).toBeFocused();
		await organiser.keyboard.press('Enter');
		await expect(organiser.getByTestId('record-empty')).toBeVisible();
		await expect(organiser.getByTestId(`queue-row-${minorId}`)).toBeFocused();

		// A filter, by keyboard: back up to "Severity", choose "3 and up".
		tabs = 0;
		while ((await focused()) !== 'queue-filter-severity') {
			expect(tabs++, 'Shift+Tab presses to reach the severity filter').toBeLessThan(20);
			await organiser.keyboard.press('Shift+Tab');
		}
		await organiser.keyboard.press('ArrowDown');
		await organiser.keyboard.press('ArrowDown');
		await expect(organiser.getByTestId('queue-filter-severity')).toHaveValue('3');
		await expect(organiser.getByTestId(`queue-row-${minorId}`)).toHaveCount(0);
		await expect(organiser.getByTestId(`queue-row-${seriousId}`)).toBeVisible();
		const severities = await organiser
			.locator('[data-testid^="queue-row-"]')
			.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-severity'))));
		expect(severities.every((v) => v >= 3)).toBe(true);

		// And back: Tab on to "Show all", Enter.
		tabs = 0;
		while ((await focused()) !== 'queue-filter-reset') {
			expect(tabs++, 'Tab presses to reach the filter reset').toBeLessThan(10);
			await organiser.keyboard.press('Tab');
		}
		await organiser.keyboard.press('Enter');
		await expect(organiser.getByTestId(`queue-row-${minorId}`)).toBeVisible();
		await expect(organiser.getByTestId('queue-filter-severity')).toHaveValue('1');
	});

	test('map layers: each source holds the right features; a switched-off layer is gone', async ({
		crew
	}) => {
		const organiser = await crew.organiser();
		await mapReady(organiser);
		const probe = (name: string) => organiser.getByTestId(`map-source-${name}`);
		const ids = async (name: string) =>
			((await probe(name).getAttribute('data-ids')) ?? '').split(',').filter(Boolean).sort();

		const POSTS = ['zone-courtenay-marshal-post', 'zone-cuba-marshal-post'];
		const zoneRows = await organiser
			.locator('[data-testid^="zone-row-"]')
			.evaluateAll((rows) =>
				rows.map((r) => (r.getAttribute('data-testid') ?? '').slice('zone-row-'.length))
			);
		const SAFE_SPOTS = zoneRows.filter((id) => !POSTS.includes(id)).sort();
		expect(SAFE_SPOTS.length).toBeGreaterThan(0);

		await expect(probe('route')).toHaveAttribute('data-count', '1');
		await expect(probe('sectors')).toHaveAttribute('data-count', '3');
		expect(await ids('sectors')).toEqual(['sector-courtenay', 'sector-cuba', 'sector-waterfront']);
		await expect(probe('marshal-posts')).toHaveAttribute('data-count', '2');
		expect(await ids('marshal-posts')).toEqual(POSTS);
		await expect(probe('zones')).toHaveAttribute('data-count', String(SAFE_SPOTS.length));
		expect(await ids('zones')).toEqual(SAFE_SPOTS);

		// A marshal on shift appears once their phone shares its position; an incident once reported.
		const phone = await crew.phone(organiser, 'marshal-leilani', { at: PLACES.dixon });
		await expect(probe('marshals')).toHaveAttribute('data-ids', /(^|,)marshal-leilani(,|$)/, {
			timeout: 10_000
		});
		const note = `Broken glass across the footpath ${stamp()}`;
		await report(phone, { category: 'other', severity: 1, note });
		const incidentId = await queueIdOf(organiser, note);
		await expect(probe('incidents')).toHaveAttribute(
			'data-ids',
			new RegExp(`(^|,)${incidentId}(,|$)`)
		);

		// Each switch removes its layer's source from the map, and brings it back.
		for (const name of ['incidents', 'marshals', 'marshal-posts', 'zones', 'sectors', 'route']) {
			const before = await ids(name);
			await organiser.getByTestId(`layer-toggle-${name}`).uncheck();
			await expect(probe(name), `${name} off`).toHaveCount(0);
			await organiser.getByTestId(`layer-toggle-${name}`).check();
			await expect(probe(name), `${name} on`).toHaveAttribute('data-ready', 'true');
			await expect.poll(() => ids(name), `${name} back`).toEqual(before);
		}
		// Safe spots off leaves the marshal posts, which have their own switch.
		await organiser.getByTestId('layer-toggle-zones').uncheck();
		await expect(probe('marshal-posts')).toHaveAttribute('data-count', '2');
		await organiser.getByTestId('layer-toggle-zones').check();

		// Off shift: off the map.
		await phone.getByTestId('end-shift').click();
		await expect(probe('marshals')).not.toHaveAttribute('data-ids', /(^|,)marshal-leilani(,|$)/);
	});

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
