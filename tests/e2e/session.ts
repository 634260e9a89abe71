import {
	devices,
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';

/**
 * What every spec needs to get people onto the demo event: the organiser's sign-in, a phone
 * profile, and waiting for the live link. One copy, so a change to sign-in is made once.
 */

export const ORGANISER = { email: 'organiser@example.org', password: 'pride-night-demo' };
const { defaultBrowserType: _ignored, ...PIXEL_7 } = devices['Pixel 7'];
/** A marshal's or attendee's phone. */
export const PHONE = PIXEL_7;

/**
 * Organiser windows ask for reduced motion. The map's halo around unacknowledged incidents
 * otherwise breathes forever, and with software WebGL on a two-core machine each page that
 * shows one repaints for the rest of the run, starving the pages of later tests. The halo is
 * still drawn (steady), which is what the app does for anyone who asks for less motion.
 */
export const CALM = { reducedMotion: 'reduce' } as const;

export async function expectLive(page: Page, timeout = 10_000) {
	await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', {
		timeout
	});
}

/** The id after a test-id prefix, e.g. `queue-row-<id>` -> `<id>`. */
export async function idOf(locator: Locator, prefix: string): Promise<string> {
	const testId = await locator.getAttribute('data-testid');
	if (!testId?.startsWith(prefix)) throw new Error(`expected a ${prefix}… test id, got ${testId}`);
	return testId.slice(prefix.length);
}

let organiserState: Awaited<ReturnType<BrowserContext['storageState']>> | null = null;

/**
 * The control room in a new window; the caller closes it. Signed in once per run and the
 * session reused: sign-in is rate-limited per IP (10 a minute) and every spec signs in from
 * 127.0.0.1. A refusal waits for the limiter's window to move rather than failing the test.
 */
export async function signInOrganiser(
	browser: Browser,
	options: { viewport?: { width: number; height: number } } = {}
): Promise<Page> {
	const viewport = options.viewport ?? { width: 1400, height: 900 };
	if (organiserState) {
		const context = await browser.newContext({ ...CALM, viewport, storageState: organiserState });
		const page = await context.newPage();
		await page.goto('/control');
		if (new URL(page.url()).pathname === '/control') {
			await expectLive(page);
			return page;
		}
		// The session ended (a test signed it out): sign in afresh.
		organiserState = null;
		await context.close();
	}
	const page = await (await browser.newContext({ ...CALM, viewport })).newPage();
	for (let attempt = 0; ; attempt++) {
		await page.goto('/signin?next=/control');
		await page.getByLabel('Email').fill(ORGANISER.email);
		await page.getByLabel('Password').fill(ORGANISER.password);
		await page.getByTestId('signin-submit').click();
		const outcome = await Promise.race([
			page.waitForURL((url) => url.pathname === '/control').then(() => 'in' as const),
			page
				.getByTestId('signin-error')
				.waitFor()
				.then(() => 'refused' as const)
		]);
		if (outcome === 'in') break;
		if (attempt >= 4) throw new Error('sign-in kept being refused');
		await page.waitForTimeout(15_000);
	}
	await expectLive(page);
	organiserState = await page.context().storageState();
	return page;
}
