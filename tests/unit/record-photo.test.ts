/**
 * The control room's incident record, rendered on the server as the page first arrives: a
 * photo deleted after the retention period is not asked for; the record says it was deleted.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import IncidentRecord from '../../src/routes/control/IncidentRecord.svelte';
import type { Incident } from '$lib/shared/model';
import { applyAll, emptyState } from '$lib/shared/reducer';
import { AROHA, numbered, type Step } from './support/fold-fixture';

const PHOTO = '3f2b8c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e';

const DELETED: Step = [
	'incident:photo-deleted',
	{ incidentId: 'inc-1', photoId: PHOTO },
	{ role: 'system' }
];

const state = (deleted: boolean) =>
	applyAll(
		emptyState('pride'),
		numbered([
			[
				'incident:reported',
				{
					incidentId: 'inc-1',
					category: 'medical',
					severity: 2,
					onBehalf: false,
					sectorId: null,
					photoId: PHOTO
				},
				AROHA
			],
			['incident:state-changed', { incidentId: 'inc-1', from: 'reported', to: 'resolved' }],
			...(deleted ? [DELETED] : [])
		])
	);

const record = (deleted: boolean) => {
	const event = state(deleted);
	const incident: Incident = event.incidents['inc-1'];
	return render(IncidentRecord, {
		props: {
			incident,
			event,
			timezone: 'Pacific/Auckland',
			now: new Date('2026-02-14T08:00:00.000Z'),
			send: async () => ({ ok: true as const, seq: 1 }),
			query: async () => ({ ok: true as const, seq: 1 }),
			onOpen: () => {},
			onClose: () => {}
		}
	}).body;
};

describe('the incident record after the retention period', () => {
	it('shows the photo while it is kept', () => {
		const body = record(false);
		expect(body).toContain(`/api/photos/${PHOTO}`);
		expect(body).toContain('data-testid="record-photo"');
		expect(body).not.toContain('Photo deleted after the retention period');
	});

	it('says the photo was deleted, and does not ask for it', () => {
		const body = record(true);
		expect(body).toContain('data-testid="record-photo-deleted"');
		expect(body).toContain('Photo deleted after the retention period.');
		expect(body).not.toContain(`/api/photos/${PHOTO}`);
		expect(body).not.toContain('data-testid="record-photo"');
	});
});
