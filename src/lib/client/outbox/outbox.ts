/**
 * The marshal's outbox: every command is saved on the phone the moment it is made and sent,
 * with its command id, until the server answers. The id makes re-sends safe (the server
 * returns the first result and appends nothing twice), so the outbox can resend whenever in
 * doubt: on start, on reconnect, on a timer, after a timeout that may or may not have
 * arrived.
 *
 * Items go in order, one at a time: a job's "on scene" must not overtake its "accept". A
 * transient failure stops the round and keeps the order; a refusal is final for that item
 * only. Answered items leave IndexedDB at once: the outbox holds only what is unsent.
 *
 * A report may carry a photo. Its bytes are saved with the report and uploaded first; the
 * report goes only once the server has stored the photo (it refuses a report whose photo it
 * does not have). A transient upload failure waits like a send; a refused photo (type, size)
 * is dropped and the report goes without it, because the report matters more than the photo.
 */
import type { Ack, CommandName, CommandPayload, ErrorCode } from '$lib/shared/protocol';
import { openOutboxDb, deleteOutboxDb, OUTBOX_DB_NAME, type OutboxDb } from './outbox-db';
import {
	bySending,
	hasSettled,
	isUnanswered,
	patchItem,
	trimSettled,
	type ItemPatch,
	type OutboxItem
} from './outbox-item';
import {
	damagedItem,
	newStored,
	OutboxError,
	queuedItem,
	readStored,
	type Stored
} from './outbox-stored';
import { photoStep, type OutboxPhoto, type OutboxUpload } from './outbox-photo-step';

export { OutboxError } from './outbox-stored';
export type { OutboxItem, OutboxItemState } from './outbox-item';
export type { OutboxPhoto, OutboxUpload, UploadAnswer } from './outbox-photo-step';

export type OutboxSend = (name: CommandName, payload: Record<string, unknown>) => Promise<Ack>;

export type OutboxOptions = {
	send: OutboxSend;
	/** Uploads a command's photo; needed only for commands that carry one. */
	upload?: OutboxUpload;
	/** Called after every change with the whole list (a fresh array each time). */
	onChange?: (items: readonly OutboxItem[]) => void;
	dbName?: string;
	now?: () => number;
	/** Settled items (received, refused, damaged) kept in memory for the list; oldest go first. */
	keepSettled?: number;
};

export type AddPayload<C extends CommandName> = Omit<CommandPayload<C>, 'commandId'> & {
	commandId?: string;
};

/** Codes that mean "not now": the command may not have been applied, so try again later. */
const RETRY_CODES: ReadonlySet<ErrorCode> = new Set(['unavailable', 'rate-limited']);

export class Outbox {
	#db: OutboxDb;
	#opts: OutboxOptions;
	#items: OutboxItem[] = [];
	#payloads = new Map<string, Stored>();
	#flushing: Promise<void> | null = null;
	#again = false;
	#timer: ReturnType<typeof setInterval> | null = null;
	#closed = false;
	#waiters = new Set<() => void>();

	private constructor(db: OutboxDb, opts: OutboxOptions) {
		this.#db = db;
		this.#opts = opts;
	}

	/**
	 * Opens the outbox and loads what an earlier page left unsent. Items that fail validation
	 * are listed as damaged and deleted, so one bad record cannot block the rest or loop.
	 */
	static async open(opts: OutboxOptions): Promise<Outbox> {
		const outbox = new Outbox(await openOutboxDb(opts.dbName ?? OUTBOX_DB_NAME), opts);
		await outbox.#load();
		return outbox;
	}

	get items(): readonly OutboxItem[] {
		return this.#items;
	}

	/** Items not yet answered by the server. */
	get pending(): number {
		return this.#items.filter(isUnanswered).length;
	}

	/**
	 * Saves a command and starts sending it. Resolves once it is safely on the phone (not when
	 * the server answers): from then on it survives reloads and browser restarts.
	 */
	async add<C extends CommandName>(
		name: C,
		payload: AddPayload<C>,
		label: string,
		photo?: OutboxPhoto
	): Promise<OutboxItem> {
		if (this.#closed) throw new OutboxError('The outbox is closed.');
		const stored = newStored(name, payload, label, this.#now(), photo, !!this.#opts.upload);
		const id = String(stored.payload.commandId);
		await this.#db.put(id, stored);
		this.#payloads.set(id, stored);
		const item = queuedItem(id, stored);
		this.#items = [...this.#items, item];
		this.#changed();
		void this.flush();
		return item;
	}

	/**
	 * Sends every unanswered item, in order. Concurrent calls share one round; a call made
	 * during a round runs another afterwards, so nothing added meanwhile waits for the timer.
	 */
	flush(): Promise<void> {
		if (this.#flushing) {
			this.#again = true;
			return this.#flushing;
		}
		this.#flushing = (async () => {
			do {
				this.#again = false;
				await this.#round();
			} while (this.#again && !this.#closed);
		})().finally(() => {
			this.#flushing = null;
		});
		return this.#flushing;
	}

	/**
	 * The item once the server has answered it or an attempt to send it has failed, or as it
	 * stands after `timeoutMs`. Still queued means safe on the phone: it will go when it can.
	 */
	settle(id: string, timeoutMs: number): Promise<OutboxItem | null> {
		const find = () => this.#items.find((i) => i.id === id) ?? null;
		if (hasSettled(find())) return Promise.resolve(find());
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.#waiters.delete(check);
				resolve(find());
			};
			const check = () => {
				if (hasSettled(find())) done();
			};
			const timer = setTimeout(done, timeoutMs);
			this.#waiters.add(check);
		});
	}

	/** Resends on a timer as well, for the case where no reconnect event ever comes. */
	startTimer(intervalMs = 15_000): void {
		this.stopTimer();
		this.#timer = setInterval(() => void this.flush(), intervalMs);
	}

	stopTimer(): void {
		if (this.#timer !== null) clearInterval(this.#timer);
		this.#timer = null;
	}

	close(): void {
		this.#closed = true;
		this.stopTimer();
		this.#db.close();
	}

	/** Deletes everything on the phone (a revoked or signed-out device). */
	async wipe(): Promise<void> {
		this.close();
		this.#items = [];
		this.#payloads.clear();
		this.#opts.onChange?.(this.#items);
		await deleteOutboxDb(this.#opts.dbName ?? OUTBOX_DB_NAME);
	}

	async #round(): Promise<void> {
		for (const item of this.#items) {
			if (this.#closed) return;
			if (!isUnanswered(item)) continue;
			const stored = this.#payloads.get(item.id);
			if (!stored) continue;
			this.#update(item.id, { state: 'sent', attempts: item.attempts + 1 });
			const photo = await photoStep(stored, this.#opts.upload);
			if (photo.wait) {
				if (this.#closed) return;
				this.#update(item.id, { state: 'queued', message: photo.message });
				return;
			}
			// The photo step may have marked the photo sent, or taken it out of the payload.
			if (photo.next) {
				await this.#db.put(item.id, photo.next);
				this.#payloads.set(item.id, photo.next);
			}
			if (this.#closed) return;
			const toSend = photo.next ?? stored;
			const ack = await this.#opts
				.send(toSend.name, toSend.payload)
				.catch((): Ack => ({ ok: false, code: 'unavailable', message: 'Could not send.' }));
			if (this.#closed) return;
			if (!ack.ok && RETRY_CODES.has(ack.code)) {
				this.#update(item.id, { state: 'queued', message: ack.message });
				return;
			}
			await this.#forget(item.id);
			this.#update(
				item.id,
				ack.ok
					? { state: 'received', message: photo.message }
					: { state: 'refused', message: ack.message, code: ack.code }
			);
		}
	}

	async #load(): Promise<void> {
		const rows = await this.#db.all();
		const items: OutboxItem[] = [];
		for (const { key, value } of rows) {
			const stored = readStored(key, value);
			if (!stored) {
				// One bad record must not block the rest or loop: listed, deleted, skipped.
				await this.#db.delete(key);
				items.push(damagedItem(key, this.#now()));
				continue;
			}
			this.#payloads.set(key, stored);
			items.push(queuedItem(key, stored));
		}
		items.sort(bySending);
		this.#items = items;
		this.#changed();
	}

	async #forget(id: string): Promise<void> {
		this.#payloads.delete(id);
		await this.#db.delete(id);
	}

	#update(id: string, patch: ItemPatch): void {
		this.#items = trimSettled(patchItem(this.#items, id, patch), this.#opts.keepSettled ?? 50);
		this.#changed();
	}

	#changed(): void {
		if (!this.#closed) this.#opts.onChange?.(this.#items);
		for (const check of [...this.#waiters]) check();
	}

	#now(): number {
		return this.#opts.now?.() ?? Date.now();
	}
}
