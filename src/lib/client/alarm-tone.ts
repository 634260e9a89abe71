/**
 * The alarm's beep as a WAV file made in memory: two rising square-wave tones, under half a
 * second. A file played by an <audio> element, not WebAudio: the browser opens the audio
 * device for an element off the page's main thread, while `new AudioContext()` blocks it
 * (240-450 ms for the first one on the bench's Chromium, as long as the control page's
 * whole first draw).
 */

export const TONE_RATE = 22_050;
/** Frequency (Hz) and start (s) of each tone; each lasts TONE_SECONDS. */
export const TONES = [
	{ frequency: 880, start: 0 },
	{ frequency: 1175, start: 0.22 }
] as const;
export const TONE_SECONDS = 0.2;
/** A quarter of full scale: loud enough across a control room, not a shriek in headphones. */
const PEAK = 0.25;
/** Fade in and out over 20 ms: a square wave switched on at full level clicks. */
const RAMP_SECONDS = 0.02;

function envelope(t: number): number {
	if (t < 0 || t >= TONE_SECONDS) return 0;
	return Math.min(1, t / RAMP_SECONDS, (TONE_SECONDS - t) / RAMP_SECONDS);
}

/** The beep's samples in [-1, 1], at TONE_RATE. */
export function alarmSamples(): Float32Array {
	const last = TONES[TONES.length - 1];
	const samples = new Float32Array(Math.ceil((last.start + TONE_SECONDS) * TONE_RATE));
	for (const { frequency, start } of TONES) {
		const from = Math.floor(start * TONE_RATE);
		for (let i = from; i < samples.length; i++) {
			const t = i / TONE_RATE - start;
			const level = envelope(t);
			if (level === 0) continue;
			// Phase from the tone's own start, so each tone begins on a rising edge.
			const square = (t * frequency) % 1 < 0.5 ? 1 : -1;
			samples[i] = PEAK * level * square;
		}
	}
	return samples;
}

/** The samples as a 16-bit mono PCM WAV file (about 20 KB). */
export function alarmToneWav(): Uint8Array<ArrayBuffer> {
	const samples = alarmSamples();
	const dataBytes = samples.length * 2;
	const bytes = new Uint8Array(44 + dataBytes);
	const view = new DataView(bytes.buffer);
	const ascii = (at: number, text: string) => {
		for (let i = 0; i < text.length; i++) bytes[at + i] = text.charCodeAt(i);
	};
	ascii(0, 'RIFF');
	view.setUint32(4, 36 + dataBytes, true);
	ascii(8, 'WAVE');
	ascii(12, 'fmt ');
	view.setUint32(16, 16, true); // size of the fmt chunk
	view.setUint16(20, 1, true); // PCM
	view.setUint16(22, 1, true); // mono
	view.setUint32(24, TONE_RATE, true);
	view.setUint32(28, TONE_RATE * 2, true); // bytes per second
	view.setUint16(32, 2, true); // bytes per sample frame
	view.setUint16(34, 16, true); // bits per sample
	ascii(36, 'data');
	view.setUint32(40, dataBytes, true);
	samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.round(s * 32767), true));
	return bytes;
}
