import { randomInt } from 'node:crypto';

/**
 * Short, distinct, easy to say aloud in a noisy street and hard to mishear; no words
 * that could read as a slur, a joke at someone's expense or a place name.
 */
const WORDS = [
	'amber',
	'anchor',
	'apple',
	'aspen',
	'basil',
	'beacon',
	'birch',
	'bison',
	'bramble',
	'breeze',
	'cactus',
	'canary',
	'cedar',
	'cello',
	'cherry',
	'clover',
	'cobalt',
	'comet',
	'coral',
	'cotton',
	'daisy',
	'delta',
	'dolphin',
	'ember',
	'falcon',
	'fennel',
	'fern',
	'fig',
	'flint',
	'galaxy',
	'garnet',
	'ginger',
	'glacier',
	'harbour',
	'hazel',
	'heron',
	'honey',
	'indigo',
	'iris',
	'ivory',
	'jasmine',
	'juniper',
	'kayak',
	'kiwi',
	'lagoon',
	'lantern',
	'lemon',
	'lilac',
	'lotus',
	'maple',
	'meadow',
	'melon',
	'mint',
	'nectar',
	'nutmeg',
	'oasis',
	'olive',
	'onyx',
	'orchid',
	'otter',
	'pebble',
	'pepper',
	'pine',
	'plum',
	'poppy',
	'quartz',
	'quill',
	'raven',
	'ribbon',
	'river',
	'saffron',
	'sage',
	'sapphire',
	'sparrow',
	'spruce',
	'summit',
	'tango',
	'thistle',
	'tulip',
	'velvet',
	'violet',
	'walnut',
	'willow',
	'wren',
	'zephyr'
] as const;

/** Draws before looking for the free words one by one: a busy night's set is tiny beside 7,000. */
const DRAWS = 16;

/**
 * Two words ("cedar heron"): about 7,000 combinations, generated here on the server. Never one
 * in `taken` (the event's other escorts'), while any is free: two people waiting at once with
 * the same words could each take the other's marshal for theirs.
 */
export function newCodeWord(taken: ReadonlySet<string> = new Set()): string {
	for (let i = 0; i < DRAWS; i++) {
		const word = draw();
		if (!taken.has(word)) return word;
	}
	const free = everyCodeWord().filter((w) => !taken.has(w));
	// All taken: a repeat is better than no escort.
	return free.length ? free[randomInt(free.length)] : draw();
}

/** Every code word there is, in a fixed order. */
export function everyCodeWord(): string[] {
	return WORDS.flatMap((a) => WORDS.filter((b) => b !== a).map((b) => `${a} ${b}`));
}

function draw(): string {
	const a = WORDS[randomInt(WORDS.length)];
	let b = WORDS[randomInt(WORDS.length)];
	while (b === a) b = WORDS[randomInt(WORDS.length)];
	return `${a} ${b}`;
}
