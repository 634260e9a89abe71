/**
 * Which incident's record is open, and where the keyboard goes: opening takes focus to the
 * record's heading, closing takes it back to the queue row the record was opened from.
 */
import { tick } from 'svelte';

export function useRecordSelection() {
	let selectedId = $state<string | null>(null);

	return {
		get id(): string | null {
			return selectedId;
		},
		/** Opens a record and takes focus to its heading, so the keyboard lands in it. */
		async open(id: string): Promise<void> {
			selectedId = id;
			await tick();
			document.querySelector('.record-col')?.scrollTo({ top: 0 });
			const heading = document.getElementById('record-heading');
			if (!heading) return;
			heading.focus({ preventScroll: true });
			const { top, bottom } = heading.getBoundingClientRect();
			if (top < 0 || bottom > window.innerHeight) heading.scrollIntoView({ block: 'start' });
		},
		/** Back to the queue, on the row the record was opened from. */
		async close(): Promise<void> {
			const id = selectedId;
			selectedId = null;
			await tick();
			const row = id ? document.getElementById(`queue-option-${id}`) : null;
			(row ?? document.getElementById('queue-heading'))?.focus();
		}
	};
}
