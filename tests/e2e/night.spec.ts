import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, mapReady, PLACES, report, test } from './crew';

/**
 * The marshal app at 4 am: dark and high contrast, targets a thumb can hit, nothing moving
 * for someone who asked for less motion, and nothing a screen reader trips over. The crew's
 * contexts ask for reduced motion; each check also runs once without it, so it is shown to
 * catch the motion it looks for.
 */

const MARSHAL = 'marshal-jordan';

/** Animations running now and elements whose transitions last longer than 10 ms. */
function motion(page: Page) {
	return page.evaluate(() => {
		const seconds = (list: string) =>
			Math.max(
				...list
					.split(',')
					.map((d) => (d.trim().endsWith('ms') ? parseFloat(d) / 1000 : parseFloat(d)))
			);
		// Under reduced motion animations last 0.01 ms: one may be caught running in that instant.
		const running = document
			.getAnimations()
			.filter((a) => a.playState === 'running')
			.filter((a) => Number(a.effect?.getComputedTiming().duration ?? 0) > 1)
			.map((a) => (a as CSSAnimation).animationName ?? 'animation');
		const transitions = [...document.querySelectorAll<HTMLElement>('main *')]
			.filter((el) => seconds(getComputedStyle(el).transitionDuration) > 0.01)
			.map((el) => el.tagName.toLowerCase() + (el.className ? `.${String(el.className)}` : ''));
		return { running, transitions };
	});
}

/** WCAG relative luminance of a computed `rgb(...)` colour. */
function luminance(rgb: string): number {
	const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
		const c = Number(v) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('the marshal page at night: dark, large targets, still under reduced motion, no serious axe findings', async ({
	crew
}) => {
	const organiser = await crew.organiser();
	const phone = await crew.phone(organiser, MARSHAL, { at: PLACES.cubaMall });
	// The map loads after the report form; its buttons are targets too.
	await expect(phone.getByTestId('event-map')).toHaveAttribute('data-ready', 'true', {
		timeout: 20_000
	});

	// Dark, and text that reads in sunlight: contrast of at least 7:1 (WCAG AAA).
	const colours = await phone.evaluate(() => {
		const body = getComputedStyle(document.body);
		return { background: body.backgroundColor, text: body.color };
	});
	const [bg, fg] = [luminance(colours.background), luminance(colours.text)];
	expect(bg, `body background ${colours.background}`).toBeLessThan(0.05);
	expect((fg + 0.05) / (bg + 0.05)).toBeGreaterThanOrEqual(7);

	// Every visible button, and every choice of the report form, is at least 44 x 44 px.
	const small = await phone.locator('button:visible, label.choice:visible').evaluateAll((els) =>
		els
			.map((el) => ({ el, box: el.getBoundingClientRect() }))
			.filter(({ box }) => box.width < 44 || box.height < 44)
			.map(
				({ el, box }) =>
					`${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim()}: ${Math.round(box.width)}x${Math.round(box.height)}`
			)
	);
	expect(small).toEqual([]);

	// On shift and sharing: the position dot pulses, unless less motion is asked for.
	await expect(phone.getByTestId('position-sharing')).toHaveAttribute('data-sharing', 'true');
	expect(await motion(phone)).toEqual({ running: [], transitions: [] });
	await phone.emulateMedia({ reducedMotion: 'no-preference' });
	await expect.poll(async () => (await motion(phone)).running.length).toBeGreaterThan(0);
	await phone.emulateMedia({ reducedMotion: 'reduce' });
	await expect.poll(async () => (await motion(phone)).running).toEqual([]);

	const results = await new AxeBuilder({ page: phone }).analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(serious).toEqual([]);
});

test('the control map halo of a new incident is steady under reduced motion', async ({ crew }) => {
	const organiser = await crew.organiser();
	const phone = await crew.phone(organiser, MARSHAL, { at: PLACES.cubaMall });
	await report(phone, { category: 'welfare', severity: 2, note: 'Night spec: halo check' });
	await mapReady(organiser);
	const halo = organiser.getByTestId('incident-halo');

	await expect(halo).toHaveAttribute('data-pulsing', 'false');
	await organiser.emulateMedia({ reducedMotion: 'no-preference' });
	await expect(halo).toHaveAttribute('data-pulsing', 'true');
	await organiser.emulateMedia({ reducedMotion: 'reduce' });
	await expect(halo).toHaveAttribute('data-pulsing', 'false');
});
