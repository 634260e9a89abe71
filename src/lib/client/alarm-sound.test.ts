import { describe, expect, it } from 'vitest';
import { AlarmSound, type Player, type SoundEnv } from './alarm-sound';

/**
 * A stand-in for the browser's <audio> element and autoplay rules: `play()` is refused
 * unless the page has had a gesture (`activated`) or `refuseAll` says the device is gone.
 */
function fakeBrowser(opts: { activated: boolean; refuseAll?: boolean }) {
	const made: FakePlayer[] = [];
	const audible: number[] = [];
	let released = 0;
	let plays = 0;
	class FakePlayer implements Player {
		currentTime = 0;
		volume = 1;
		paused = true;
		async play() {
			plays++;
			if (opts.refuseAll || !env.activated()) {
				throw new DOMException('play() needs a gesture', 'NotAllowedError');
			}
			this.paused = false;
			if (this.volume > 0) audible.push(this.currentTime);
		}
		pause() {
			this.paused = true;
		}
	}
	const env: SoundEnv & { gesture(): void } = {
		makePlayer: () => {
			const p = new FakePlayer();
			made.push(p);
			return p;
		},
		activated: () => opts.activated,
		release: () => released++,
		gesture: () => (opts.activated = true)
	};
	return { env, made, audible, released: () => released, plays: () => plays };
}

describe('AlarmSound', () => {
	it('is unsupported without audio playback', async () => {
		const sound = new AlarmSound({ activated: () => true });
		expect(sound.state).toBe('unsupported');
		expect(sound.needsGesture).toBe(false);
		expect(await sound.unlock()).toBe('unsupported');
		expect(await sound.beep()).toBe(false);
	});

	it('loads silent: no player is made until a gesture or a beep', () => {
		const { env, made } = fakeBrowser({ activated: true });
		const sound = new AlarmSound(env);
		expect(sound.state).toBe('ready');
		expect(made).toHaveLength(0);
	});

	it('stays blocked and silent until a gesture, then unlocks without a sound', async () => {
		const browser = fakeBrowser({ activated: false });
		const sound = new AlarmSound(browser.env);
		expect(sound.state).toBe('blocked');
		expect(await sound.beep()).toBe(false);
		expect(await sound.unlock()).toBe('blocked');
		expect(sound.needsGesture).toBe(true);

		browser.env.gesture();
		expect(await sound.unlock()).toBe('ready');
		expect(sound.needsGesture).toBe(false);
		// Unlocking played at volume 0 and left the player paused, rewound and audible.
		expect(browser.audible).toEqual([]);
		expect(browser.made).toHaveLength(1);
		expect(browser.made[0]).toMatchObject({ paused: true, currentTime: 0, volume: 1 });
	});

	it('runs one unlock at a time: gestures during a pending play share it', async () => {
		const browser = fakeBrowser({ activated: true });
		const sound = new AlarmSound(browser.env);
		const first = sound.unlock();
		const second = sound.unlock();
		expect(await first).toBe('ready');
		expect(await second).toBe('ready');
		expect(browser.plays()).toBe(1);
		// Settled, the next gesture may try again.
		await sound.unlock();
		expect(browser.plays()).toBe(2);
		expect(browser.made[0]).toMatchObject({ paused: true, volume: 1 });
	});

	it('beeps from the start of the tone each time, on one player', async () => {
		const browser = fakeBrowser({ activated: true });
		const sound = new AlarmSound(browser.env);
		expect(await sound.beep()).toBe(true);
		browser.made[0].currentTime = 0.3;
		expect(await sound.beep()).toBe(true);
		expect(browser.audible).toEqual([0, 0]);
		expect(browser.made).toHaveLength(1);
	});

	it('turns blocked when the browser refuses a beep it seemed to allow', async () => {
		const browser = fakeBrowser({ activated: true, refuseAll: true });
		const sound = new AlarmSound(browser.env);
		expect(sound.state).toBe('ready');
		expect(await sound.beep()).toBe(false);
		expect(sound.state).toBe('blocked');
		expect(sound.needsGesture).toBe(true);
	});

	it('releases the player on close and starts over', async () => {
		const browser = fakeBrowser({ activated: true });
		const sound = new AlarmSound(browser.env);
		await sound.beep();
		sound.close();
		expect(browser.released()).toBe(1);
		expect(browser.made[0].paused).toBe(true);
		expect(await sound.beep()).toBe(true);
		expect(browser.made).toHaveLength(2);
	});
});
