import {
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { CALM, ORGANISER, PHONE as PIXEL_7, expectLive, idOf, signInOrganiser } from './session';

export { ORGANISER, expectLive, idOf };

/**
 * The people of an incident spec, as a fixture: organisers (desktop contexts) and marshal
 * phones (Pixel 7 contexts, optionally with GPS). Everything a test opened is tidied up
 * afterwards: phones end their shift (so later tests' dispatch suggestions are not skewed
 * by marshals left "available"), raw sockets close, contexts close.
 */

/** How the record names the demo organiser. */
export const ORGANISER_NAME = 'Demo organiser (organiser)';

/** Places on the demo event (Wellington), one per test, so nearest-marshal answers are clear. */
export const PLACES = {
	courtenay: { latitude: -41.29352, longitude: 174.78131 },
	waterfront: { latitude: -41.28771, longitude: 174.77962 },
	cubaMall: { latitude: -41.29268, longitude: 174.77577 },
	civicSquare: { latitude: -41.28878, longitude: 174.77705 },
	taranaki: { latitude: -41.29395, longitude: 174.77912 },
	dixon: { latitude: -41.29242, longitude: 174.77681 },
	tory: { latitude: -41.29431, longitude: 174.78198 }
} as const;
export type Place = (typeof PLACES)[keyof typeof PLACES];

type PhoneOptions = {
	/** The phone's GPS; without one, location is not granted. */
	at?: Place;
	/** Drive every setup step by keyboard (no pointer), for the keyboard-only test. */
	keys?: boolean;
	/** Start the shift once joined (default true). */
	shift?: boolean;
};

export type Crew = {
	organiser(options?: { keys?: boolean }): Promise<Page>;
	phone(organiser: Page, marshalId: string, options?: PhoneOptions): Promise<Page>;
	/** A raw Socket.IO client with the page's session: for what the UI never sends. */
	socket(page: Page, role: 'organiser' | 'marshal'): Promise<Socket>;
};

/** Activates a control by pointer, or by keyboard when `keys` is set. */
async function activate(target: Locator, keys: boolean | undefined, key = 'Enter') {
	if (keys) await target.press(key);
	else await target.click();
}

async function signIn(browser: Browser, contexts: BrowserContext[], keys?: boolean) {
	if (!keys) {
		const page = await signInOrganiser(browser);
		contexts.push(page.context());
		return page;
	}
	// The keyboard-only test signs in by keys itself.
	const context = await browser.newContext({ ...CALM, viewport: { width: 1400, height: 900 } });
	contexts.push(context);
	const page = await context.newPage();
	await page.goto('/signin?next=/control');
	await page.getByLabel('Email').fill(ORGANISER.email);
	await page.getByLabel('Password').fill(ORGANISER.password);
	await activate(
		keys ? page.getByLabel('Password') : page.getByTestId('signin-submit'),
		keys,
		'Enter'
	);
	await page.waitForURL((url) => url.pathname === '/control');
	await expectLive(page);
	return page;
}

/**
 * Records what the job alert did through the browser's own APIs, before any page script
 * runs: every navigator.vibrate() pattern and every tone (oscillator) started.
 */
function spyOnAlerts() {
	const w = window as unknown as { __alerts: { vibrations: number[][]; tones: number } };
	w.__alerts = { vibrations: [], tones: 0 };
	Object.defineProperty(Navigator.prototype, 'vibrate', {
		configurable: true,
		value(pattern: number[]) {
			w.__alerts.vibrations.push([...pattern]);
			return true;
		}
	});
	const start = OscillatorNode.prototype.start;
	OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
		w.__alerts.tones += 1;
		return start.call(this, when);
	};
}

export function alertsOf(phone: Page): Promise<{ vibrations: number[][]; tones: number }> {
	return phone.evaluate(
		() => (window as unknown as { __alerts: { vibrations: number[][]; tones: number } }).__alerts
	);
}

export const test = base.extend<{ crew: Crew }>({
	crew: async ({ browser, baseURL }, use) => {
		const contexts: BrowserContext[] = [];
		const phones: Page[] = [];
		const sockets: Socket[] = [];

		const crew: Crew = {
			organiser: (options = {}) => signIn(browser, contexts, options.keys),

			async phone(organiser, marshalId, options = {}) {
				const { at, keys, shift = true } = options;
				await activate(organiser.getByTestId(`invite-create-${marshalId}`), keys);
				const input = organiser.getByTestId(`invite-${marshalId}`).getByTestId('invite-url');
				await expect(input).toHaveValue(/\/join\//);
				const url = await input.inputValue();

				const context = await browser.newContext({
					...PIXEL_7,
					...CALM,
					...(at ? { permissions: ['geolocation'], geolocation: at } : {})
				});
				contexts.push(context);
				await context.addInitScript(spyOnAlerts);
				const phone = await context.newPage();
				phones.push(phone);
				await phone.goto(url);
				await activate(phone.getByTestId('join-submit'), keys);
				await phone.waitForURL((u) => u.pathname === '/marshal');
				await expectLive(phone);
				if (shift) {
					await activate(phone.getByTestId('start-shift'), keys);
					await expect(phone.getByTestId('shift-status')).toHaveText(/available/i);
					if (at) {
						await expect(phone.getByTestId('position-sharing')).toHaveAttribute(
							'data-status',
							'sharing'
						);
					}
				}
				return phone;
			},

			async socket(page, role) {
				const res = await page.request.get(`/api/realtime-ticket?as=${role}`);
				expect(res.ok(), 'a realtime ticket for the page session').toBe(true);
				const { ticket } = (await res.json()) as { ticket: string };
				const socket = io(baseURL!, {
					transports: ['websocket'],
					auth: { ticket },
					reconnection: false,
					forceNew: true
				});
				sockets.push(socket);
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', () => resolve());
					socket.once('connect_error', reject);
				});
				return socket;
			}
		};

		await use(crew);

		for (const socket of sockets) socket.close();
		// End shifts so marshals left "available" at a spot do not win later suggestions.
		for (const phone of phones) {
			try {
				const end = phone.getByTestId('end-shift');
				if (await end.isVisible()) {
					await end.click();
					await expect(phone.getByTestId('shift-status')).toHaveText(/off shift/i, {
						timeout: 5_000
					});
				}
			} catch {
				// A phone revoked or closed by the test: nothing to end.
			}
		}
		await Promise.all(contexts.map((c) => c.close()));
	}
});

export { expect };

/** The queue row ids shown now. */
export function queueIds(organiser: Page): Promise<string[]> {
	return organiser
		.locator('[data-testid^="queue-row-"]')
		.evaluateAll((rows) =>
			rows.map((r) => (r.getAttribute('data-testid') ?? '').slice('queue-row-'.length))
		);
}

/** Waits for the control room's map and its incident source to be on the map. */
export async function mapReady(page: Page) {
	await expect(page.getByTestId('event-map').first()).toHaveAttribute('data-ready', 'true', {
		timeout: 20_000
	});
	await expect(page.getByTestId('map-source-incidents')).toHaveAttribute('data-ready', 'true');
}

/** Category, severity, an optional note, Send; waits for control's receipt. */
export async function report(
	phone: Page,
	r: { category?: string; severity: 1 | 2 | 3 | 4; note?: string; keys?: boolean }
) {
	const { category = 'hate-abuse', severity, note, keys } = r;
	await activate(phone.getByTestId(`report-category-${category}`), keys, 'Space');
	await activate(phone.getByTestId(`report-severity-${severity}`), keys, 'Space');
	if (note) await phone.getByTestId('report-note').fill(note);
	await activate(phone.getByTestId('report-send'), keys);
	await expect(phone.getByTestId('report-result')).toHaveText(/received by control/i);
}

/** The id of the queue row whose text contains `text`. */
export async function queueIdOf(organiser: Page, text: string): Promise<string> {
	const row = organiser.locator('[data-testid^="queue-row-"]', { hasText: text });
	await expect(row).toHaveCount(1);
	return idOf(row, 'queue-row-');
}

/** Sends a command the way the app does (with an ack) and returns the ack. */
export async function command(
	socket: Socket,
	name: string,
	payload: Record<string, unknown>
): Promise<{ ok: boolean; code?: string; message?: string }> {
	return socket.timeout(5_000).emitWithAck(name, payload);
}

/** Acknowledges every alarm on the page, so a test starts from a quiet control room. */
export async function quietAlarms(organiser: Page) {
	const acks = organiser.locator('[data-testid^="alarm-ack-"]');
	for (let i = 0; i < 50 && (await acks.count()) > 0; i++) {
		const first = acks.first();
		const id = await idOf(first, 'alarm-ack-');
		await first.click();
		await expect(organiser.getByTestId(`alarm-item-${id}`)).toHaveCount(0);
	}
	await expect(organiser.getByTestId('alarm-banner')).toHaveCount(0);
}
