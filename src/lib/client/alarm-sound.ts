/**
 * The alarm beep: a short two-tone WebAudio oscillator, no audio file to load.
 *
 * Browsers only let a page make sound after the person interacted with it (autoplay
 * rules), so the audio context is created or resumed in `unlock()`, which the page calls
 * from a click or key press. Until then `state` is 'blocked' and the page says
 * "click to enable sound".
 */

export type SoundState = 'unsupported' | 'blocked' | 'ready';

type AudioContextClass = new () => AudioContext;

/** How long `unlock()` waits for `resume()`: outside a gesture it may never settle. */
const RESUME_WAIT_MS = 500;

function defaultContextClass(): AudioContextClass | undefined {
	if (typeof window === 'undefined') return undefined;
	const w = window as unknown as { webkitAudioContext?: AudioContextClass };
	return window.AudioContext ?? w.webkitAudioContext;
}

export class AlarmSound {
	#Ctx: AudioContextClass | undefined;
	#ctx: AudioContext | null = null;

	constructor(Ctx: AudioContextClass | undefined = defaultContextClass()) {
		this.#Ctx = Ctx;
	}

	get state(): SoundState {
		if (!this.#Ctx) return 'unsupported';
		return this.#ctx?.state === 'running' ? 'ready' : 'blocked';
	}

	/** Creates or resumes the audio context; call it from a user gesture. */
	async unlock(): Promise<SoundState> {
		if (!this.#Ctx) return 'unsupported';
		try {
			this.#ctx ??= new this.#Ctx();
			const ctx = this.#ctx;
			if (ctx.state !== 'running') {
				await Promise.race([
					ctx.resume(),
					new Promise((resolve) => setTimeout(resolve, RESUME_WAIT_MS))
				]);
			}
		} catch {
			// Refused (no gesture) or no audio device: stays blocked; the page offers a button.
		}
		return this.state;
	}

	/** One alarm beep (two rising tones, under half a second). False if it could not sound. */
	beep(): boolean {
		const ctx = this.#ctx;
		if (!ctx || ctx.state !== 'running') return false;
		const start = ctx.currentTime;
		[880, 1175].forEach((frequency, i) => {
			const t = start + i * 0.22;
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.type = 'square';
			osc.frequency.setValueAtTime(frequency, t);
			gain.gain.setValueAtTime(0.0001, t);
			gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
			gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
			osc.connect(gain).connect(ctx.destination);
			osc.start(t);
			osc.stop(t + 0.2);
		});
		return true;
	}

	close(): void {
		void this.#ctx?.close().catch(() => undefined);
		this.#ctx = null;
	}
}
