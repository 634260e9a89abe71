/**
 * The control room's and the marshal's escort panels, rendered on the server as the pages
 * first arrive: where a position was deleted after the retention period, they say so.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ControlEscorts from '../../src/routes/control/EscortsPanel.svelte';
import MarshalEscorts from '../../src/routes/marshal/EscortsPanel.svelte';
import { withoutPositions } from '$lib/shared/escort-fold';
import { POSITIONS_DELETED, type Escort } from '$lib/shared/escort';
import type { Marshal } from '$lib/shared/model';

const escort: Escort = {
	id: 'esc-1',
	state: 'arrived',
	pickup: [174.7763917, -41.2934261],
	description: 'Orange raincoat',
	destination: 'Home to Holloway Road',
	codeWord: 'fig wren',
	requestedAt: '2030-01-01T10:00:00.000Z',
	updatedAt: '2030-01-01T10:20:00.000Z',
	round: 0,
	respondBy: '2030-01-01T10:01:00.000Z',
	offeredTo: ['marshal-aroha'],
	declinedBy: [],
	marshalId: 'marshal-aroha',
	alarm: null,
	escalated: false,
	closedAt: '2030-01-01T10:20:00.000Z'
};
const deleted = withoutPositions(escort, '2030-02-01T10:20:00.000Z');
const marshals: Record<string, Marshal> = {
	'marshal-aroha': {
		id: 'marshal-aroha',
		displayName: 'Aroha',
		sectorId: null,
		status: 'available',
		devices: []
	}
};
const ack = async () => ({ ok: true as const, seq: 1 });

const control = (e: Escort) =>
	render(ControlEscorts, {
		props: {
			escorts: { [e.id]: e },
			marshals,
			timezone: 'Pacific/Auckland',
			onOffer: ack,
			onCancel: ack
		}
	}).body;
const phone = (e: Escort) =>
	render(MarshalEscorts, {
		props: { escorts: { [e.id]: e }, marshalId: 'marshal-aroha', from: null, onCommand: ack }
	}).body;

describe('escort panels after the retention period', () => {
	it('the control room shows the record and that the position was deleted', () => {
		const before = control(escort);
		expect(before).toContain('Orange raincoat');
		expect(before).not.toContain(POSITIONS_DELETED);
		const after = control(deleted);
		expect(after).toContain(POSITIONS_DELETED);
		expect(after).toContain('Arrived safely');
		expect(after).toContain('Aroha');
		expect(after).not.toContain('Orange raincoat');
		expect(after).not.toContain('Holloway');
	});

	it("the marshal's finished walks show that the position was deleted", () => {
		expect(phone(escort)).not.toContain(POSITIONS_DELETED);
		const after = phone(deleted);
		expect(after).toContain(POSITIONS_DELETED);
		expect(after).toContain('Arrived safely');
		expect(after).not.toContain('geo:');
	});
});
