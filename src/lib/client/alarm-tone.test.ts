import { describe, expect, it } from 'vitest';
import { alarmSamples, alarmToneWav, TONE_RATE, TONE_SECONDS, TONES } from './alarm-tone';

/** Frequency of a stretch of samples, from its rising zero crossings. */
function frequencyOf(samples: Float32Array, fromS: number, toS: number): number {
	const from = Math.round(fromS * TONE_RATE);
	const to = Math.round(toS * TONE_RATE);
	let rises = 0;
	for (let i = from + 1; i < to; i++) if (samples[i - 1] < 0 && samples[i] >= 0) rises++;
	return rises / (toS - fromS);
}

describe('the alarm tone', () => {
	const samples = alarmSamples();

	it('is two tones rising, 880 Hz then 1175 Hz, with silence between', () => {
		for (const { frequency, start } of TONES) {
			// The steady middle of each tone, clear of its fades.
			const measured = frequencyOf(samples, start + 0.03, start + TONE_SECONDS - 0.03);
			expect(Math.abs(measured - frequency)).toBeLessThan(frequency * 0.03);
		}
		const gap = samples.subarray(
			Math.ceil(TONE_SECONDS * TONE_RATE),
			Math.floor(TONES[1].start * TONE_RATE)
		);
		expect(gap.length).toBeGreaterThan(0);
		expect(gap.every((s) => s === 0)).toBe(true);
	});

	it('fades in and out rather than clicking, and stays at a quarter of full scale', () => {
		const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
		expect(peak).toBeCloseTo(0.25, 5);
		expect(Math.abs(samples[0])).toBeLessThan(0.01);
		expect(Math.abs(samples[Math.round(0.002 * TONE_RATE)])).toBeLessThan(0.05);
		const end = Math.round(TONE_SECONDS * TONE_RATE) - 2;
		expect(Math.abs(samples[end])).toBeLessThan(0.01);
	});

	it('is a 16-bit mono PCM WAV file holding exactly those samples', () => {
		const wav = alarmToneWav();
		const view = new DataView(wav.buffer);
		const text = (at: number, n: number) => String.fromCharCode(...wav.subarray(at, at + n));
		expect(text(0, 4)).toBe('RIFF');
		expect(view.getUint32(4, true)).toBe(wav.length - 8);
		expect(text(8, 8)).toBe('WAVEfmt ');
		expect(view.getUint16(20, true)).toBe(1);
		expect(view.getUint16(22, true)).toBe(1);
		expect(view.getUint32(24, true)).toBe(TONE_RATE);
		expect(view.getUint16(34, true)).toBe(16);
		expect(text(36, 4)).toBe('data');
		expect(view.getUint32(40, true)).toBe(samples.length * 2);
		const at = Math.round((TONES[1].start + 0.1) * TONE_RATE);
		expect(view.getInt16(44 + at * 2, true)).toBe(Math.round(samples[at] * 32767));
		expect(wav.length).toBeLessThan(25_000);
	});
});
