/**
 * The alarm beep, played by an <audio> element from a WAV made in memory (`alarm-tone.ts`).
 *
 * Browsers only let a page make sound after the person interacted with it (autoplay rules).
 * A page that has had a click or key press ("sticky activation", e.g. the sign-in that led
 * here) may play at once; otherwise `state` is 'blocked' until `unlock()` runs in a gesture,
 * and the page says "click to enable sound". A play the browser refuses makes it 'blocked'.
 */
import { alarmToneWav } from './alarm-tone';

export type SoundState = 'unsupported' | 'blocked' | 'ready';

/** The part of an <audio> element the alarm uses. */
export type Player = {
	play(): Promise<void>;
	pause(): void;
	currentTime: number;
	volume: number;
};

export type SoundEnv = {
	/** Makes the player holding the beep; undefined: this browser cannot play it. */
	makePlayer?: () => Player;
	/** Whether the page has had a user gesture, so the browser lets it play sound. */
	activated: () => boolean;
	/** Releases what the player holds (the WAV's object URL). */
	release?: () => void;
};

function browserEnv(): SoundEnv {
	if (typeof window === 'undefined' || typeof Audio === 'undefined') {
		return { activated: () => false };
	}
	let url: string | null = null;
	return {
		makePlayer: () => {
			url ??= URL.createObjectURL(new Blob([alarmToneWav()], { type: 'audio/wav' }));
			const audio = new Audio(url);
			audio.preload = 'auto';
			return audio;
		},
		activated: () =>
			(navigator as { userActivation?: { hasBeenActive: boolean } }).userActivation
				?.hasBeenActive ?? false,
		release: () => {
			if (url) URL.revokeObjectURL(url);
			url = null;
		}
	};
}

export class AlarmSound {
	#env: SoundEnv;
	#player: Player | null = null;
	/** What the browser last said about playing: null until it has said anything. */
	#allowed: boolean | null = null;
	#unlocking: Promise<SoundState> | null = null;

	constructor(env: SoundEnv = browserEnv()) {
		this.#env = env;
	}

	get state(): SoundState {
		if (!this.#env.makePlayer) return 'unsupported';
		const allowed = this.#allowed ?? this.#env.activated();
		return allowed ? 'ready' : 'blocked';
	}

	/** Until a play has succeeded, a gesture should call `unlock()` (Safari allows per element). */
	get needsGesture(): boolean {
		return this.state !== 'unsupported' && this.#allowed !== true;
	}

	#playerNow(): Player | null {
		if (!this.#player && this.#env.makePlayer) this.#player = this.#env.makePlayer();
		return this.#player;
	}

	/** Plays the beep silently to win the browser's permission; call it from a user gesture. */
	unlock(): Promise<SoundState> {
		// One at a time: a second gesture while the first play is pending (the audio device
		// can take half a second to open) would have its play cut off by the first's pause.
		this.#unlocking ??= this.#unlockOnce().finally(() => (this.#unlocking = null));
		return this.#unlocking;
	}

	async #unlockOnce(): Promise<SoundState> {
		const player = this.#playerNow();
		if (!player) return 'unsupported';
		// Volume 0, not `muted`: a muted play is always allowed, so it would prove nothing.
		player.volume = 0;
		try {
			await player.play();
			this.#allowed = true;
		} catch {
			// Refused (no gesture) or no audio device: stays blocked; the page offers a button.
			this.#allowed = false;
		} finally {
			player.pause();
			player.currentTime = 0;
			player.volume = 1;
		}
		return this.state;
	}

	/** One alarm beep (two rising tones, under half a second). False if it could not sound. */
	async beep(): Promise<boolean> {
		if (this.state !== 'ready') return false;
		const player = this.#playerNow();
		if (!player) return false;
		player.currentTime = 0;
		player.volume = 1;
		try {
			await player.play();
			this.#allowed = true;
			return true;
		} catch {
			this.#allowed = false;
			return false;
		}
	}

	close(): void {
		this.#player?.pause();
		this.#player = null;
		this.#allowed = null;
		this.#env.release?.();
	}
}
