/**
 * Escort code words: two different words, said aloud in the street to tell a visitor's marshal
 * from anyone else's, and never the words of another escort of the event while any are free.
 */
import { describe, expect, it } from 'vitest';
import { everyCodeWord, newCodeWord } from '$lib/server/services/code-words';

describe('escort code words', () => {
	const all = everyCodeWord();

	it('are two different words from the list', () => {
		expect(new Set(all).size).toBe(all.length);
		const words = new Set(all.map((w) => w.split(' ')[0]));
		expect(all.length).toBe(words.size * (words.size - 1));
		for (let i = 0; i < 200; i++) {
			const word = newCodeWord();
			expect(all).toContain(word);
			const [a, b] = word.split(' ');
			expect(a).not.toBe(b);
		}
	});

	it("never repeat another escort's words while any are free", () => {
		const free = all[1234];
		const taken = new Set(all.filter((w) => w !== free));
		expect(newCodeWord(taken)).toBe(free);
		const half = new Set(all.filter((_, i) => i % 2 === 0));
		for (let i = 0; i < 200; i++) expect(half.has(newCodeWord(half))).toBe(false);
	});

	it('still give words when every one is taken', () => {
		expect(all).toContain(newCodeWord(new Set(all)));
	});
});
