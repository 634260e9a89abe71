/**
 * The clockwork every sweeper shares (job timeouts, unanswered escorts, escort retention): a
 * timer that does not keep the process alive, one pass at a time (a pass still running is
 * joined, never overlapped), and a stop that waits for the pass in progress.
 */
export abstract class PeriodicSweep {
	#timer: ReturnType<typeof setInterval> | null = null;
	#current: Promise<number> | null = null;

	/** How often a pass runs. */
	protected abstract get intervalMs(): number;
	/** One pass; resolves with how many entries this process appended. */
	protected abstract pass(): Promise<number>;

	start(): this {
		if (this.#timer) return this;
		this.#timer = setInterval(() => void this.sweep(), this.intervalMs);
		this.#timer.unref();
		return this;
	}

	/** Stops the timer and waits for a pass in progress. */
	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		await this.#current?.catch(() => 0);
	}

	/** Runs one pass (or joins the running one). */
	sweep(): Promise<number> {
		if (!this.#current) this.#current = this.pass().finally(() => (this.#current = null));
		return this.#current;
	}
}
