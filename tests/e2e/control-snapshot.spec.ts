import type { Route } from '@playwright/test';
import { newId } from '../../src/lib/shared/ids';
import type { Incident } from '../../src/lib/shared/model';
import { command, expect, expectLive, test } from './crew';

/**
 * The control room's page is a light shell; its snapshot (every incident and marshal) comes
 * from /control/snapshot after the first paint, with the ticket its socket connects with.
 * What that promises: the snapshot only for the organiser, a clear and accessible loading
 * state while it comes, and no event lost (or shown twice) between the snapshot being made
 * and the socket's sync.
 */

type SnapshotBody = {
	snapshot: { eventId: string; seq: number; sectors: Record<string, unknown> };
	ticket: string;
};

test.describe('control room snapshot', () => {
	test('only a signed-in organiser gets it; anyone else is sent to sign in', async ({
		crew,
		browser,
		playwright
	}) => {
		const organiser = await crew.organiser();
		const mine = await organiser.request.get('/control/snapshot');
		expect(mine.status()).toBe(200);
		expect(mine.headers()['cache-control']).toContain('no-store');
		const body = (await mine.json()) as SnapshotBody;
		expect(body.ticket.length).toBeGreaterThan(10);
		expect(body.snapshot.seq).toBeGreaterThan(0);
		expect(Object.keys(body.snapshot.sectors).length).toBeGreaterThan(0);
		// No event can be asked for: the answer is the session's own event, whatever the query.
		const other = await organiser.request.get('/control/snapshot?eventId=another-event');
		expect(((await other.json()) as SnapshotBody).snapshot.eventId).toBe(body.snapshot.eventId);

		// Signed out (a fresh context, no cookie): the page's own redirect, no snapshot.
		const stranger = await playwright.request.newContext({
			baseURL: test.info().project.use.baseURL
		});
		const refused = await stranger.get('/control/snapshot', { maxRedirects: 0 });
		expect(refused.status()).toBe(303);
		expect(refused.headers()['location']).toBe('/signin?next=%2Fcontrol');
		expect(await refused.text()).not.toContain('"incidents"');
		await stranger.dispose();

		// The page itself draws no snapshot into its HTML.
		const page = await (
			await browser.newContext({ storageState: await organiser.context().storageState() })
		).newPage();
		const html = await (await page.request.get('/control')).text();
		expect(html).not.toContain('"incidents":{"');
		await page.context().close();
	});

	test('loading shows while it comes, and an event appended meanwhile is shown once', async ({
		crew
	}) => {
		const organiser = await crew.organiser();
		const socket = await crew.socket(organiser, 'organiser');
		const page = await organiser.context().newPage();

		// Hold the snapshot: made by the server now, handed to the page only when released.
		let snapshotSeq = -1;
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let heldResolve!: () => void;
		const held = new Promise<void>((resolve) => (heldResolve = resolve));
		await page.route('**/control/snapshot', async (route: Route) => {
			const response = await route.fetch();
			snapshotSeq = ((await response.json()) as SnapshotBody).snapshot.seq;
			heldResolve();
			await released;
			await route.fulfill({ response });
		});

		await page.goto('/control');
		await held;
		const loading = page.getByTestId('control-loading');
		await expect(loading).toHaveAttribute('role', 'status');
		await expect(loading).toHaveText(/loading/i);
		await expect(page.locator('.queue-col')).toHaveAttribute('aria-busy', 'true');
		await expect(page.getByTestId('queue-count')).toHaveText(/loading/i);
		await expect(page.getByTestId('incidents-empty')).toHaveCount(0);

		// Appended after the snapshot was made, before the page has it.
		const advisoryId = newId();
		const text = `Snapshot sync check ${advisoryId.slice(-6)}`;
		const ack = (await command(socket, 'advisory:post', {
			commandId: newId(),
			advisoryId,
			audience: 'marshals',
			sectorId: null,
			text,
			expiresInMinutes: 5
		})) as { ok: boolean; seq?: number };
		expect(ack.ok).toBe(true);
		expect(ack.seq).toBeGreaterThan(snapshotSeq);

		release();
		await expectLive(page);
		await expect(loading).toHaveCount(0);
		await expect(page.locator('.queue-col')).toHaveAttribute('aria-busy', 'false');
		await expect(page.getByTestId('queue-count')).toHaveText(/^\s*Showing \d+ of \d+/);
		await expect(page.getByTestId(`advisory-${advisoryId}`)).toHaveCount(1);
		await expect(page.getByTestId(`advisory-${advisoryId}`)).toContainText(text);
		await expect(page.getByTestId('roster-panel')).toBeVisible();

		// Tidy up for the other specs: the advisory goes.
		expect(
			(await command(socket, 'advisory:withdraw', { commandId: newId(), advisoryId })).ok
		).toBe(true);
		await expect(page.getByTestId(`advisory-${advisoryId}`)).toHaveCount(0);
	});
});

test.describe('control room queue on a long night', () => {
	test('draws the first page of 50 rows, then shows more on request', async ({ crew }) => {
		const organiser = await crew.organiser();
		const page = await organiser.context().newPage();
		// The organiser's own snapshot, with 70 closed incidents from earlier in the night added.
		await page.route('**/control/snapshot', async (route: Route) => {
			const response = await route.fetch();
			const body = (await response.json()) as {
				snapshot: { incidents: Record<string, Incident> };
			};
			for (let i = 0; i < 70; i++) {
				const at = new Date(Date.now() - (i + 60) * 60_000).toISOString();
				const id = newId();
				body.snapshot.incidents[id] = {
					id,
					category: 'other',
					severity: 1,
					state: 'resolved',
					description: `Earlier tonight ${i}`,
					onBehalf: false,
					reportedAt: at,
					reportedBy: { role: 'system' },
					sectorId: null,
					updatedAt: at,
					closedAt: at,
					notes: [],
					links: [],
					police: [],
					timeline: [],
					escalation: null
				};
			}
			await route.fulfill({ response, json: body });
		});
		await page.goto('/control');
		await expectLive(page);
		await expect(page.locator('.side-col')).toHaveAttribute('aria-busy', 'false');
		const rows = page.locator('[data-testid^="queue-row-"]');
		await expect(rows).toHaveCount(50);
		const more = page.getByTestId('queue-more');
		await expect(more).toBeVisible();
		await more.click();
		const total = Number(/of (\d+)/.exec(await page.getByTestId('queue-count').innerText())![1]);
		expect(total).toBeGreaterThanOrEqual(70);
		await expect(rows).toHaveCount(Math.min(100, total));
	});
});
