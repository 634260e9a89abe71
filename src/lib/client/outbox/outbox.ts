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
import { z } from 'zod';
import { newId } from '$lib/shared/ids';
import {
	COMMANDS,
	COMMAND_NAMES,
	type Ack,
	type CommandName,
	type CommandPayload,
	type ErrorCode
} from '$lib/shared/protocol';
import { PhotoId } from '$lib/shared/photo-id';
import { openOutboxDb, deleteOutboxDb, OUTBOX_DB_NAME, type OutboxDb } from './outbox-db';

/**
 * queued: saved on the phone, not sent yet (or to be sent again);
 * sent: on its way, no answer yet; received: the control room has it;
 * refused: the server said no (the message says why); damaged: a saved item could not be read.
 */
export type OutboxItemState = 'queued' | 'sent' | 'received' | 'refused' | 'damaged';

export interface OutboxItem {
	readonly id: string;
	readonly name: CommandName | null;
	/** What the marshal sees in the list, e.g. "Report: medical, severity 3". */
	readonly label: string;
	readonly createdAt: number;
	readonly state: OutboxItemState;
	readonly attempts: number;
	/** Why it was refused, or why the last attempt did not get through. */
	readonly message: string | null;
	/** The server's error code when refused. */
	readonly code?: ErrorCode;
}

export type OutboxSend = (name: CommandName, payload: Record<string, unknown>) => Promise<Ack>;

/** stored: the server has it (now or from an earlier try); retry: not now; refused: never. */
export type UploadAnswer = { ok: true } | { ok: false; retry: boolean; message: string };

export type OutboxUpload = (photoId: string, bytes: ArrayBuffer) => Promise<UploadAnswer>;

/** A photo for a command whose payload names it as `photoId`. */
export type OutboxPhoto = { id: string; bytes: ArrayBuffer };

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

const MAX_LABEL = 200;

const isArrayBuffer = (v: unknown): v is ArrayBuffer =>
	Object.prototype.toString.call(v) === '[object ArrayBuffer]';

/** Bytes until the server has the photo; then only its id, so the phone stops holding it. */
const StoredPhoto = z.union([
	z.object({ id: PhotoId, sent: z.literal(false), bytes: z.custom<ArrayBuffer>(isArrayBuffer) }),
	z.object({ id: PhotoId, sent: z.literal(true) })
]);

const StoredSchema = z.object({
	v: z.literal(1),
	name: z.enum(COMMAND_NAMES as [CommandName, ...CommandName[]]),
	payload: z.record(z.string(), z.unknown()),
	label: z.string().max(MAX_LABEL),
	createdAt: z.number().finite(),
	photo: StoredPhoto.optional()
});
type Stored = z.infer<typeof StoredSchema>;

export class OutboxError extends Error {}

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
		return this.#items.filter((i) => i.state === 'queued' || i.state === 'sent').length;
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
		// A plain copy: IndexedDB cannot clone the page's reactive proxies, and the wire is JSON.
		const body = JSON.parse(JSON.stringify({ commandId: newId(), ...payload })) as {
			commandId: string;
		} & Record<string, unknown>;
		const checked = COMMANDS[name].payload.safeParse(body);
		if (!checked.success) {
			throw new OutboxError(checked.error.issues[0]?.message ?? 'This command is not valid.');
		}
		if (photo && (body.photoId !== photo.id || !this.#opts.upload)) {
			throw new OutboxError('The photo does not belong to this command.');
		}
		const stored: Stored = {
			v: 1,
			name,
			payload: body,
			label: label.slice(0, MAX_LABEL),
			createdAt: this.#now(),
			...(photo ? { photo: { id: photo.id, sent: false as const, bytes: photo.bytes } } : {})
		};
		await this.#db.put(body.commandId, stored);
		this.#payloads.set(body.commandId, stored);
		const item: OutboxItem = {
			id: body.commandId,
			name,
			label: stored.label,
			createdAt: stored.createdAt,
			state: 'queued',
			attempts: 0,
			message: null
		};
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
		const settled = (i: OutboxItem | null) =>
			!i ||
			(i.state !== 'queued' && i.state !== 'sent') ||
			(i.state === 'queued' && i.attempts > 0);
		if (settled(find())) return Promise.resolve(find());
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.#waiters.delete(check);
				resolve(find());
			};
			const check = () => {
				if (settled(find())) done();
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
			if (item.state !== 'queued' && item.state !== 'sent') continue;
			const stored = this.#payloads.get(item.id);
			if (!stored) continue;
			this.#update(item.id, { state: 'sent', attempts: item.attempts + 1 });
			const photo = await this.#sendPhoto(item.id, stored);
			if (this.#closed) return;
			if (photo.wait) {
				this.#update(item.id, { state: 'queued', message: photo.message });
				return;
			}
			// The photo step may have taken the photo out of the payload.
			const toSend = this.#payloads.get(item.id) ?? stored;
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

	/**
	 * Uploads the item's photo if it has one the server does not have yet. `wait` stops the
	 * round (the report must not overtake its photo); a refused photo is taken out of the
	 * saved command, which then goes without it, and `message` says so.
	 */
	async #sendPhoto(id: string, stored: Stored): Promise<{ wait: boolean; message: string | null }> {
		const photo = stored.photo;
		if (!photo || photo.sent) return { wait: false, message: null };
		const upload = this.#opts.upload;
		const answer: UploadAnswer = upload
			? await upload(photo.id, photo.bytes).catch(() => ({
					ok: false,
					retry: true,
					message: 'Could not send the photo.'
				}))
			: { ok: false, retry: true, message: 'Photos cannot be sent yet.' };
		if (!answer.ok && answer.retry) return { wait: true, message: answer.message };
		const next: Stored = answer.ok
			? { ...stored, photo: { id: photo.id, sent: true } }
			: { ...stored, payload: withoutPhoto(stored.payload), photo: undefined };
		await this.#db.put(id, next);
		this.#payloads.set(id, next);
		return {
			wait: false,
			message: answer.ok ? null : `Sent without the photo: ${answer.message}`
		};
	}

	async #load(): Promise<void> {
		const rows = await this.#db.all();
		const items: OutboxItem[] = [];
		for (const { key, value } of rows) {
			const parsed = StoredSchema.safeParse(value);
			const payload = parsed.success
				? COMMANDS[parsed.data.name].payload.safeParse(parsed.data.payload)
				: null;
			if (!parsed.success || !payload?.success || parsed.data.payload.commandId !== key) {
				await this.#db.delete(key);
				items.push({
					id: key,
					name: null,
					label: 'An item saved on this phone could not be read',
					createdAt: this.#now(),
					state: 'damaged',
					attempts: 0,
					message: 'It was skipped. If it was a report, please make it again.'
				});
				continue;
			}
			this.#payloads.set(key, parsed.data);
			items.push({
				id: key,
				name: parsed.data.name,
				label: parsed.data.label,
				createdAt: parsed.data.createdAt,
				state: 'queued',
				attempts: 0,
				message: null
			});
		}
		items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
		this.#items = items;
		this.#changed();
	}

	async #forget(id: string): Promise<void> {
		this.#payloads.delete(id);
		await this.#db.delete(id);
	}

	#update(
		id: string,
		patch: Partial<Pick<OutboxItem, 'state' | 'attempts' | 'message' | 'code'>>
	): void {
		this.#items = this.#items.map((i) => (i.id === id ? { ...i, ...patch } : i));
		this.#trimSettled();
		this.#changed();
	}

	#trimSettled(): void {
		const keep = this.#opts.keepSettled ?? 50;
		const settled = this.#items.filter((i) => i.state !== 'queued' && i.state !== 'sent');
		if (settled.length <= keep) return;
		const drop = new Set(settled.slice(0, settled.length - keep).map((i) => i.id));
		this.#items = this.#items.filter((i) => !drop.has(i.id));
	}

	#changed(): void {
		if (!this.#closed) this.#opts.onChange?.(this.#items);
		for (const check of [...this.#waiters]) check();
	}

	#now(): number {
		return this.#opts.now?.() ?? Date.now();
	}
}

function withoutPhoto(payload: Record<string, unknown>): Record<string, unknown> {
	const rest = { ...payload };
	delete rest.photoId;
	return rest;
}
