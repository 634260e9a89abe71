import type { Page } from '@playwright/test';
import { expect, idOf } from './crew';

/**
 * What the incidents-*.spec.ts files share beyond the crew fixture (crew.ts): a unique stamp
 * for each report's words, and the organiser's two steps of a dispatch.
 *
 * Those files run in the order of their names (dispatch, escalation, queue-and-map,
 * validation-and-a11y) on the one demo server, one test after another: the order the tests
 * had when they were one incidents.spec.ts.
 */

/** Makes a report's words unique on the shared server, so its queue row can be found by them. */
export const stamp = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** Opens a record from its queue row and asks for suggestions. */
export async function openAndSuggest(organiser: Page, incidentId: string) {
	await organiser.getByTestId(`queue-row-${incidentId}`).click();
	await expect(organiser.getByTestId(`record-${incidentId}`)).toBeVisible();
	await organiser.getByTestId('dispatch-suggest').click();
	await expect(organiser.getByTestId('dispatch-candidates')).toBeVisible();
}

/** Offers the open record's job to one marshal; returns the job id. */
export async function offerTo(organiser: Page, marshalId: string): Promise<string> {
	const before = await organiser.locator('[data-testid^="job-"][data-state]').count();
	await organiser.getByTestId(`dispatch-candidate-${marshalId}`).check();
	await organiser.getByTestId('dispatch-send').click();
	const jobs = organiser.locator('[data-testid^="job-"][data-state]');
	await expect(jobs).toHaveCount(before + 1);
	// Newest first.
	return idOf(jobs.first(), 'job-');
}
