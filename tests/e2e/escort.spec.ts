import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE, expectLive, signInOrganiser } from './session';

/**
 * "Walk with me", end to end, as three browser contexts on the demo event: an attendee
 * with a fake position asks for an escort; the organiser sees it on the map and in the
 * list; nobody accepts within the (shortened, 8 s) time and the alarm sounds; the marshal
 * accepts; attendee and marshal see the same code word; walking; arrived safely; the
 * attendee's page shows it closed. Uses marshal-sam, as the incidents specs do after it; each
 * ends his shift before it finishes.
 */

const MARSHAL = 'marshal-sam';
/** The attendee, outside a takeaway on Cuba Street; the marshal about 110 m south. */
const ATTENDEE_AT = { latitude: -41.2925, longitude: 174.7762 };
const MARSHAL_AT = { latitude: -41.2935, longitude: 174.7765 };

/** Counts the alarm's beeps in the control room: every audible play the browser let start. */
function countTones() {
	const w = window as unknown as { __tones: number };
	w.__tones = 0;
	const play = HTMLMediaElement.prototype.play;
	HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
		const started = play.call(this);
		const audible = !this.muted && this.volume > 0;
		void started.then(
			() => audible && w.__tones++,
			() => undefined
		);
		return started;
	};
}

async function joinMarshal(browser: Browser, organiser: Page): Promise<Page> {
	await organiser.getByTestId(`invite-create-${MARSHAL}`).click();
	const input = organiser.getByTestId('invite-url');
	await expect(input).toHaveValue(/\/join\//);
	const context = await browser.newContext({
		...PHONE,
		permissions: ['geolocation'],
		geolocation: MARSHAL_AT
	});
	const phone = await context.newPage();
	await phone.goto(await input.inputValue());
	await phone.getByTestId('join-submit').click();
	await phone.waitForURL((url) => url.pathname === '/marshal');
	await expectLive(phone);
	return phone;
}

test.describe('walk with me', () => {
	test.setTimeout(120_000);

	test('ask, alarm when nobody accepts, accept, code word, walk, arrive', async ({ browser }) => {
		const organiser = await signInOrganiser(browser, { init: countTones });
		// Any click on the page is the gesture that lets the control room's alarm make sound.
		// Not a click on the "enable sound" button itself: sound may come on (from the sign-in's
		// gesture, or this click's pointerdown) and the button go while Playwright clicks it.
		await organiser.locator('h1').click();
		await expect(organiser.getByTestId('alarm-sound-enable')).toBeHidden();

		const phone = await joinMarshal(browser, organiser);
		await phone.getByTestId('start-shift').click();
		await expect(phone.getByTestId('shift-status')).toHaveText(/available/i);
		// The marshal's position has reached the control room (so they are the nearest).
		await expect(organiser.getByTestId(`roster-last-seen-${MARSHAL}`)).toHaveAttribute(
			'data-stale',
			'false',
			{ timeout: 15_000 }
		);

		const attendeeContext = await browser.newContext({
			...PHONE,
			permissions: ['geolocation'],
			geolocation: ATTENDEE_AT
		});
		const attendee = await attendeeContext.newPage();
		await attendee.goto('/');
		await expectLive(attendee);
		await attendee.getByTestId('walk-destination').fill('Home, up Aro Street');
		await attendee.getByTestId('walk-description').fill('Green jacket, outside the takeaway');
		await attendee.getByTestId('walk-request').click();
		await expect(attendee.getByTestId('walk-headline')).toHaveText(/asking marshals near you/i);
		const code = (await attendee.getByTestId('walk-code-word').textContent())?.trim() ?? '';
		expect(code).toMatch(/^[a-z]+ [a-z]+$/);

		// The control room sees it in the list and on the map (pick-up and destination).
		const row = organiser.locator('li[data-testid^="control-escort-"]', {
			hasText: 'Green jacket'
		});
		await expect(row).toHaveAttribute('data-state', 'requested');
		const escortId = ((await row.getAttribute('data-testid')) ?? '').replace('control-escort-', '');
		await expect(organiser.getByTestId('map-source-escorts')).toHaveAttribute(
			'data-ids',
			new RegExp(`${escortId}:pickup`),
			{ timeout: 20_000 }
		);
		await expect(organiser.getByTestId(`control-escort-code-${escortId}`)).toHaveText(code);

		// The marshal is offered it, with where to go in words; nobody accepts in time.
		const card = phone.getByTestId(`escort-card-${escortId}`);
		await expect(card).toBeVisible();
		await expect(phone.getByTestId(`escort-where-${escortId}`)).toHaveText(/north of you/i);
		await expect(card).toContainText('Green jacket');
		await expect(phone.getByTestId(`escort-code-word-${escortId}`)).toHaveCount(0);

		const tonesBefore = await organiser.evaluate(
			() => (window as unknown as { __tones: number }).__tones
		);
		await expect(organiser.getByTestId(`escort-alarm-${escortId}`)).toBeVisible({
			timeout: 15_000
		});
		await expect(organiser).toHaveTitle(/^\(!\) /);
		await expect
			.poll(() => organiser.evaluate(() => (window as unknown as { __tones: number }).__tones))
			.toBeGreaterThan(tonesBefore);
		await expect(attendee.getByTestId('walk-headline')).toHaveText(/nobody has accepted yet/i);
		await expect(attendee.getByTestId('walk-body')).toContainText(
			"control room has been alerted and we're asking more marshals"
		);

		// The marshal accepts: both phones show the same code word; the alarm is over.
		await phone.getByTestId(`escort-accept-${escortId}`).click();
		await expect(phone.getByTestId(`escort-code-word-${escortId}`)).toHaveText(code);
		await expect(attendee.getByTestId('walk-headline')).toHaveText(/Sam O\. is coming/);
		await expect(attendee.getByTestId('walk-code-word')).toHaveText(code);
		// A distance band and a time estimate, never metres to the marshal.
		await expect(attendee.getByTestId('walk-body')).toContainText(
			/under 250 m away, about 3 minutes/,
			{
				timeout: 10_000
			}
		);
		await expect(organiser.getByTestId(`escort-alarm-${escortId}`)).toHaveCount(0);
		await expect(row).toHaveAttribute('data-state', 'accepted');

		await phone.getByTestId(`escort-walking-${escortId}`).click();
		await expect(attendee.getByTestId('walk-headline')).toHaveText(/walking with Sam O\./i);
		await expect(row).toHaveAttribute('data-state', 'walking');

		await phone.getByTestId(`escort-arrived-${escortId}`).click();
		await expect(attendee.getByTestId('walk-headline')).toHaveText(/you arrived safely/i);
		await expect(attendee.getByTestId('walk-status')).toHaveAttribute('data-state', 'arrived');
		await expect(attendee.getByTestId('walk-code-word')).toHaveCount(0);
		await expect(row).toHaveAttribute('data-state', 'arrived');
		await expect(phone.getByTestId(`escort-card-${escortId}`)).toHaveCount(0);
		await expect(organiser.getByTestId('map-source-escorts')).not.toHaveAttribute(
			'data-ids',
			new RegExp(escortId)
		);

		// Nothing about the request is left on the attendee's phone.
		const stored = await attendee.evaluate(() =>
			JSON.stringify({ ...sessionStorage, ...localStorage })
		);
		expect(stored).not.toContain(escortId);
		expect(stored).not.toContain(code);

		const axe = await new AxeBuilder({ page: attendee })
			.include('[data-testid="walk-with-me"]')
			.analyze();
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
			[]
		);

		// Off shift and windows closed: other specs use this marshal and this server after us.
		await phone.getByTestId('end-shift').click();
		await expect(phone.getByTestId('start-shift')).toBeVisible();
		for (const page of [phone, attendee, organiser]) await page.context().close();
	});
});
