/**
 * A "now" that moves, for "open now" and advisory expiry. Call it while a
 * component initialises (it uses $effect); it starts from the time the server
 * rendered with, so the first render in the browser matches the server's.
 */
export function useNow(initial: Date, everyMs = 15_000): { readonly now: Date } {
	// Held as a number: a Date is mutable, a timestamp is a value.
	let ms = $state(initial.getTime());
	$effect(() => {
		ms = Date.now();
		const timer = setInterval(() => (ms = Date.now()), everyMs);
		return () => clearInterval(timer);
	});
	return {
		get now() {
			// A fresh Date per read that nobody mutates; reactivity comes from `ms`.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			return new Date(ms);
		}
	};
}
