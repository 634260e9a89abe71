/**
 * What the marshal's buttons send: shift and status, job steps, escort steps and reports,
 * each through the outbox with the words its list shows. The outbox arrives after the
 * report form is usable (decision 11), so every command first waits for it; if it never
 * came, the command is answered at once with "reload".
 *
 * Types only from the outbox: the page hands in `deliveryAck` with the outbox once its
 * dynamic import has loaded, so this module keeps idb and zod off the critical path.
 */
import { newId } from '$lib/shared/ids';
import { CATEGORY_LABELS } from '$lib/shared/categories';
import type { LngLat } from '$lib/shared/geo';
import type { IncidentCategory } from '$lib/shared/model';
import type { Ack, AckError } from '$lib/shared/protocol';
import type { Delivery, MarshalOutbox } from '$lib/client/outbox/marshal-outbox.svelte';
import type { EscortCommand } from './EscortsPanel.svelte';
import type { JobCommand } from './job-labels';

/** The outbox once loaded, with the outbox's own `deliveryAck`; null when it failed to load. */
export type OutboxReady = { box: MarshalOutbox; deliveryAck: (d: Delivery) => Ack } | null;

export type ShiftAction = 'start' | 'end' | 'available' | 'on-break';

export type ReportInput = {
	category: IncidentCategory;
	severity: number;
	description?: string;
	onBehalf: boolean;
	position?: LngLat;
	photo?: { id: string; bytes: ArrayBuffer };
};

export const STARTING: AckError = {
	ok: false,
	code: 'unavailable',
	message: 'The app did not finish loading. Reload the page and try again.'
};

export const ESCORT_LABELS: Record<EscortCommand, string> = {
	'escort:accept': 'Walk accepted',
	'escort:decline': 'Walk declined',
	'escort:walking': 'Walking',
	'escort:arrived': 'Arrived safely'
};

/** The label a report has in the outbox list. */
export const reportLabel = (r: ReportInput): string =>
	`Report: ${CATEGORY_LABELS[r.category]}, severity ${r.severity}${r.photo ? ', with photo' : ''}`;

export function marshalCommands(
	outboxReady: Promise<OutboxReady>,
	/** A report the outbox took: the page remembers its incident id for "My reports". */
	onReported: (incidentId: string) => void
) {
	async function shiftAction(action: ShiftAction): Promise<Ack> {
		const ready = await outboxReady;
		if (!ready) return STARTING;
		const { box, deliveryAck } = ready;
		if (action === 'start') {
			return deliveryAck(await box.deliver('marshal:start-shift', {}, 'Start shift'));
		}
		if (action === 'end') {
			return deliveryAck(await box.deliver('marshal:end-shift', {}, 'End shift'));
		}
		const label = action === 'available' ? 'Status: available' : 'Status: on a break';
		return deliveryAck(await box.deliver('marshal:set-status', { status: action }, label));
	}

	async function jobCommand(jobId: string, c: JobCommand): Promise<Ack> {
		const ready = await outboxReady;
		if (!ready) return STARTING;
		const { box, deliveryAck } = ready;
		switch (c.name) {
			case 'job:accept':
				return deliveryAck(await box.deliver('job:accept', { jobId }, 'Job accepted'));
			case 'job:decline':
				return deliveryAck(
					await box.deliver('job:decline', { jobId, reason: c.reason }, 'Job declined')
				);
			case 'job:on-scene':
				return deliveryAck(await box.deliver('job:on-scene', { jobId }, 'On scene'));
			case 'job:resolve':
				return deliveryAck(
					await box.deliver('job:resolve', { jobId, outcome: c.outcome }, 'Job resolved')
				);
		}
	}

	async function escortCommand(escortId: string, c: EscortCommand): Promise<Ack> {
		const ready = await outboxReady;
		if (!ready) return STARTING;
		const { box, deliveryAck } = ready;
		return deliveryAck(await box.deliver(c, { escortId }, ESCORT_LABELS[c]));
	}

	async function report(r: ReportInput): Promise<Delivery> {
		const ready = await outboxReady;
		if (!ready) return STARTING;
		const box = ready.box;
		const incidentId = newId();
		const { photo, ...fields } = r;
		const delivery = await box.deliver(
			'incident:report',
			{ incidentId, ...fields, ...(photo ? { photoId: photo.id } : {}) },
			reportLabel(r),
			undefined,
			photo
		);
		// Only the id is kept, so "My reports" can find it once control has it.
		if (delivery.ok) onReported(incidentId);
		return delivery;
	}

	return { shiftAction, jobCommand, escortCommand, report };
}
