import { describe, expect, it } from 'vitest';
import { AlarmSound } from './alarm-sound';

/** Just enough of an AudioContext to count the tones a beep schedules. */
function fakeContextClass(opts: { startsRunning: boolean; resumes: boolean }) {
	const made: FakeContext[] = [];
	class FakeContext {
		state: AudioContextState = opts.startsRunning ? 'running' : 'suspended';
		currentTime = 0;
		destination = {};
		oscillators = 0;
		constructor() {
			made.push(this);
		}
		async resume() {
			if (opts.resumes) this.state = 'running';
		}
		async close() {
			this.state = 'closed';
		}
		createOscillator() {
			this.oscillators++;
			return {
				type: 'sine',
				frequency: { setValueAtTime() {} },
				connect: (node: unknown) => node,
				start() {},
				stop() {}
			};
		}
		createGain() {
			const gain = {
				gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
				connect: (node: unknown) => node
			};
			return gain;
		}
	}
	return { Ctx: FakeContext as unknown as new () => AudioContext, made };
}

describe('AlarmSound', () => {
	it('is unsupported without WebAudio', async () => {
		const sound = new AlarmSound(undefined);
		expect(sound.state).toBe('unsupported');
		expect(await sound.unlock()).toBe('unsupported');
		expect(sound.beep()).toBe(false);
	});

	it('stays blocked and silent until the browser lets it resume', async () => {
		const { Ctx, made } = fakeContextClass({ startsRunning: false, resumes: false });
		const sound = new AlarmSound(Ctx);
		expect(sound.state).toBe('blocked');
		expect(sound.beep()).toBe(false);
		expect(await sound.unlock()).toBe('blocked');
		expect(made).toHaveLength(1);
		expect(sound.beep()).toBe(false);
		// A second try (the next gesture) reuses the same context.
		await sound.unlock();
		expect(made).toHaveLength(1);
	});

	it('beeps two tones once unlocked', async () => {
		const { Ctx, made } = fakeContextClass({ startsRunning: false, resumes: true });
		const sound = new AlarmSound(Ctx);
		expect(await sound.unlock()).toBe('ready');
		expect(sound.beep()).toBe(true);
		expect((made[0] as unknown as { oscillators: number }).oscillators).toBe(2);
		sound.close();
		expect(sound.state).toBe('blocked');
	});
});
