/**
 * The outbox as the marshal page uses it: opened once, fed by the live link, flushed on
 * start, on every reconnect and on a timer, and wiped when the phone is signed out.
 * Where IndexedDB is unavailable (some private modes) commands go straight to the live
 * link and the page says they are not kept.
 */
import type { Ack, AckError, CommandName } from '$lib/shared/protocol';
import type { LiveEvent } from '$lib/client/live.svelte';
import { Outbox, OutboxError, type AddPayload, type OutboxItem, type OutboxPhoto } from './outbox';
import { uploadPhoto } from './photo-upload';
import { deleteOutboxDb } from './outbox-db';

/** A command's fate as the page shows it: answered, or safely waiting on the phone. */
export type Delivery =
	{ ok: true; queued: false } | { ok: true; queued: true; message: string } | AckError;

export const QUEUED_MESSAGE = 'Saved on this phone. It will be sent as soon as there is a signal.';

export type MarshalOutbox = {
	readonly items: readonly OutboxItem[];
	/** False when this browser cannot keep an outbox (commands then need a signal). */
	readonly durable: boolean;
	/** Saves and sends; waits up to `waitMs` for the answer. Never throws. */
	deliver<C extends CommandName>(
		name: C,
		payload: AddPayload<C>,
		label: string,
		waitMs?: number,
		photo?: OutboxPhoto
	): Promise<Delivery>;
	flush(): void;
	/** Deletes everything the outbox holds (revocation, sign-out). */
	wipe(): Promise<void>;
	close(): void;
};

export function openMarshalOutbox(live: () => LiveEvent | null): MarshalOutbox {
	let items = $state.raw<readonly OutboxItem[]>([]);
	let durable = $state(true);
	let outbox: Outbox | null = null;
	let closed = false;

	const send = (name: CommandName, payload: Record<string, unknown>): Promise<Ack> => {
		const link = live();
		if (!link) return Promise.resolve({ ok: false, code: 'unavailable', message: 'Starting up.' });
		// The catalog's payload types do not survive a name chosen at run time; the outbox
		// validated the payload against the same catalog when it was saved.
		return link.send(name, payload as never);
	};

	const opening = Outbox.open({ send, upload: uploadPhoto, onChange: (next) => (items = next) })
		.then((o) => {
			if (closed) {
				o.close();
				return null;
			}
			outbox = o;
			o.startTimer(15_000);
			void o.flush();
			return o;
		})
		.catch(() => {
			durable = false;
			return null;
		});

	async function deliver<C extends CommandName>(
		name: C,
		payload: AddPayload<C>,
		label: string,
		waitMs = 8_000,
		photo?: OutboxPhoto
	): Promise<Delivery> {
		const box = await opening;
		if (!box) {
			// Nothing kept: the photo must be stored before the report, or the report goes without.
			let body = payload as Record<string, unknown>;
			if (photo) {
				const answer = await uploadPhoto(photo.id, photo.bytes);
				if (!answer.ok && answer.retry)
					return { ok: false, code: 'unavailable', message: answer.message };
				if (!answer.ok) body = { ...body, photoId: undefined };
			}
			const ack = await send(name, JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
			return ack.ok ? { ok: true, queued: false } : ack;
		}
		let item: OutboxItem;
		try {
			item = await box.add(name, payload, label, photo);
		} catch (err) {
			const message = err instanceof OutboxError ? err.message : 'Could not save on this phone.';
			return { ok: false, code: 'invalid', message };
		}
		// With no link there is no answer to wait for: say at once that it is kept.
		const linked = live()?.connection === 'live';
		const settled = linked ? await box.settle(item.id, waitMs) : item;
		if (settled?.state === 'received') return { ok: true, queued: false };
		if (settled?.state === 'refused') {
			return { ok: false, code: settled.code ?? 'conflict', message: settled.message ?? '' };
		}
		return { ok: true, queued: true, message: QUEUED_MESSAGE };
	}

	return {
		get items() {
			return items;
		},
		get durable() {
			return durable;
		},
		deliver,
		flush() {
			void outbox?.flush();
		},
		async wipe() {
			closed = true;
			const box = outbox ?? (await opening);
			outbox = null;
			items = [];
			if (box) await box.wipe();
			else await deleteOutboxDb().catch(() => undefined);
		},
		close() {
			closed = true;
			outbox?.close();
		}
	};
}

/** For cards that speak Ack: a queued command reads as "not yet", with the reason. */
export function deliveryAck(d: Delivery): Ack {
	if (!d.ok) return d;
	if (d.queued) return { ok: false, code: 'unavailable', message: d.message };
	return { ok: true, seq: 0 };
}
