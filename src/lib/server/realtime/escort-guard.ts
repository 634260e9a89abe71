import type { NewJournalEvent } from '$lib/shared/journal';
import type { AppContainer } from '../app';
import { ESCORT_LIMITS, type Limiter, type RateLimitRule } from '../security/rate-limits';
import { hmac } from '../security/tokens';

/** A burst's entry is updated at most this often per process (its count, no new alarm). */
export const REFUSAL_FLUSH_MS = 5000;

type Source = 'device' | 'network';
type Pending = {
	source: Source;
	count: number;
	since: string;
	timer: ReturnType<typeof setTimeout> | null;
};

/**
 * Rate limits for escort requests, per device session and per IP, and the control room's
 * view of a burst: the first refused request of a device (or address) in a window opens one
 * grouped `escort:requests-refused` entry; later refusals only update its count, at most once
 * every few seconds, so a hundred refused requests are one entry and one alarm, not a hundred.
 *
 * The group id is derived from a keyed hash of the device or address (never the address
 * itself) and the limiter's window, and each count has its own command id, so every process
 * records the same entry and the same count once. Counts come from the limiter, which is
 * shared through Redis when scaled.
 */
export class EscortGuard {
	#pending = new Map<string, Pending>();

	constructor(
		private readonly app: Pick<AppContainer, 'store' | 'secret' | 'logger'>,
		private readonly limiters: { perDevice: Limiter; perIp: Limiter },
		private readonly now: () => number = Date.now
	) {}

	/** True when the request may go ahead; otherwise the refusal is recorded for the control room. */
	async admit(eventId: string, sessionId: string, ip: string): Promise<boolean> {
		const device = await this.limiters.perDevice.consume(sessionId);
		if (!device.allowed) {
			this.#refused(eventId, 'device', sessionId, device.consumed, ESCORT_LIMITS.perDevice);
			return false;
		}
		const network = await this.limiters.perIp.consume(ip);
		if (!network.allowed) {
			this.#refused(eventId, 'network', ip, network.consumed, ESCORT_LIMITS.perIp);
			return false;
		}
		return true;
	}

	#refused(eventId: string, source: Source, key: string, consumed: number, rule: RateLimitRule) {
		const windowMs = rule.durationSeconds * 1000;
		const window = Math.floor(this.now() / windowMs);
		// Keyed, so the id says nothing about the address to anyone without the secret.
		const who = hmac(this.app.secret, `${source}:${key}`)
			.replace(/[^A-Za-z0-9]/g, '')
			.slice(0, 16);
		const groupId = `refused-${source}-${who}-${window}`;
		const count = Math.max(1, consumed - rule.points);
		const pending = this.#pending.get(groupId);
		if (!pending) {
			const since = new Date(this.now()).toISOString();
			this.#pending.set(groupId, { source, count, since, timer: null });
			void this.#append(eventId, groupId, source, count, since);
			return;
		}
		pending.count = Math.max(pending.count, count);
		if (pending.timer) return;
		pending.timer = setTimeout(() => {
			pending.timer = null;
			void this.#append(eventId, groupId, source, pending.count, pending.since);
		}, REFUSAL_FLUSH_MS);
		pending.timer.unref?.();
		// Forget the group when its window is long over.
		setTimeout(() => this.#forget(groupId), windowMs * 2).unref?.();
	}

	#forget(groupId: string) {
		const p = this.#pending.get(groupId);
		if (p?.timer) return;
		this.#pending.delete(groupId);
	}

	async #append(eventId: string, groupId: string, source: Source, count: number, since: string) {
		const commandId = `escort-refused:${groupId}:${count}`;
		const event: NewJournalEvent = {
			id: commandId,
			type: 'escort:requests-refused',
			at: new Date(this.now()).toISOString(),
			actor: { role: 'system' },
			data: { groupId, source, count, since }
		};
		try {
			await this.app.store.append({ eventId, commandId, expectedSeq: null, events: [event] });
		} catch (err) {
			this.app.logger.warn(
				{ eventId, err: err instanceof Error ? err.name : String(err) },
				'escort refusal not recorded'
			);
		}
	}

	close() {
		for (const p of this.#pending.values()) if (p.timer) clearTimeout(p.timer);
		this.#pending.clear();
	}
}
