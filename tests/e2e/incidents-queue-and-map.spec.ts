import { expect, mapReady, PLACES, queueIdOf, report, test } from './crew';
import { stamp } from './incidents-kit';

/**
 * Issue 3, end to end, the control room's queue and map: the queue by keyboard alone; map
 * layers by their source data, each switched off and back on.
 *
 * All specs share one demo server. Marshals used by the incidents specs (by id, not roster row)
 * are not used by the other specs (but Sam, by escort.spec, which runs first and ends his
 * shift): Sam, Sione, Mei, Tama, Ngaio, Leilani (pipes only reports with her, off shift)
 * and Farida (pipes only joins with her). This file uses Ngaio and Leilani. Each
 * test ends its phones' shifts. The incidents specs run in the order of their file names, which
 * is the order their tests had in one file (see incidents-kit.ts).
 */

test.describe('incidents', () => {
	// Generous: these machines run several suites side by side.
	test.setTimeout(180_000);

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
});
