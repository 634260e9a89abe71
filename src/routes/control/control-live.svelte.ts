/**
 * The control room's live link, started from a snapshot fetched after the page's first
 * paint (`./snapshot`) rather than one inlined in the HTML: on a long night that snapshot is
 * 2 MB, and parsing and hydrating it in the page made the load's longest tasks.
 *
 * The snapshot and the socket's ticket come in one response, and the socket's handshake asks
 * for the events after the snapshot's seq (`connectLive`), so nothing appended while the
 * snapshot was on its way is lost, and the reducer skips any seq it already holds.
 *
 * The work is done in steps, each a task of its own so that none is long: the live link's
 * code (Socket.IO, the protocol's schemas) loads while the snapshot is fetched; then the
 * snapshot is parsed and the socket opened; then the queue (a screenful of rows) and the open
 * record draw it; then the alarms; then the map's layers; then the roster (a screenful, with
 * the escorts) mounts; then the rest of the side column; then the queue's and the roster's
 * first pages in full (`reached`). Call during component set-up.
 */
import { flushSync, onMount } from 'svelte';
import type { LiveEvent } from '$lib/client/live.svelte';
import { fetchSnapshot } from '$lib/client/snapshot';
import { yieldToBrowser } from '$lib/client/yield';

export const SNAPSHOT_URL = '/control/snapshot';
const SIGN_IN = '/signin?next=%2Fcontrol';
/** Waits between failed fetches: 1, 2, 4, 8 then 15 s. */
const retryDelay = (attempt: number) => Math.min(15_000, 1000 * 2 ** attempt);

export type SnapshotStatus = 'loading' | 'retrying' | 'ready';

/** What has drawn the snapshot so far, in order. */
const STEPS = ['none', 'queue', 'alarms', 'map', 'roster', 'side', 'full'] as const;
export type DrawStep = (typeof STEPS)[number];

/**
 * The live link's code, evaluated in three tasks rather than one: the event model's schemas
 * (zod), then the protocol's, then the link itself with Socket.IO. Evaluated together they
 * were one task of 178 ms during the control room's load; a module's imports are evaluated
 * in the task that first imports it, so importing the lower layers first splits the work.
 */
async function loadLinkCode() {
	await import('$lib/shared/model');
	await yieldToBrowser();
	await import('$lib/shared/protocol');
	await yieldToBrowser();
	return import('$lib/client/live.svelte');
}

export function useControlLive(opts: {
	/**
	 * Work the first draw would otherwise do, done while the snapshot downloads (in a task of
	 * its own): e.g. the queue's first local time, which without Temporal (Safari) makes an
	 * Intl formatter and loads ICU's locale data (40 ms and more); with it, 1-3 ms.
	 */
	prepare?: () => void;
}) {
	let live = $state<LiveEvent | null>(null);
	let status = $state<SnapshotStatus>('loading');
	let step = $state<DrawStep>('none');

	onMount(() => {
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let connection: LiveEvent | null = null;
		let linkCode = loadLinkCode();

		/** Runs `step` and records how long it took, for the bench (`haven:*` measures). */
		const measured = <T>(name: string, work: () => T): T => {
			const start = performance.now();
			const result = work();
			performance.measure(name, { start });
			return result;
		};

		const prepare = opts.prepare;
		const prepared = prepare ? setTimeout(() => measured('haven:prepare', prepare), 0) : undefined;

		async function load(attempt: number) {
			const requested = performance.now();
			const got = await fetchSnapshot(SNAPSHOT_URL);
			performance.measure('haven:snapshot-fetch', { start: requested });
			if (stopped) return;
			if (got.kind === 'signed-out') {
				// What the page itself answers a lapsed session with.
				location.assign(SIGN_IN);
				return;
			}
			const code = got.kind === 'ok' ? await linkCode.catch(() => null) : null;
			if (stopped) return;
			if (got.kind === 'error' || !code) {
				status = 'retrying';
				if (!code) linkCode = loadLinkCode();
				timer = setTimeout(() => void load(attempt + 1), retryDelay(attempt));
				return;
			}
			const { connectLive } = code;
			await yieldToBrowser();
			if (stopped) return;
			connection = measured('haven:socket-open', () =>
				connectLive({
					snapshot: got.snapshot,
					ticket: got.ticket,
					ticketUrl: '/api/realtime-ticket?as=organiser'
				})
			);
			await yieldToBrowser();
			if (stopped) return;
			measured('haven:draw-queue', () => {
				live = connection;
				status = 'ready';
				step = 'queue';
				flushSync();
			});
			for (const next of ['alarms', 'map', 'roster', 'side', 'full'] as const) {
				await yieldToBrowser();
				if (stopped) return;
				measured(`haven:draw-${next}`, () => {
					step = next;
					flushSync();
				});
			}
		}

		void load(0);
		return () => {
			stopped = true;
			clearTimeout(timer);
			clearTimeout(prepared);
			connection?.close();
		};
	});

	return {
		get live(): LiveEvent | null {
			return live;
		},
		get status(): SnapshotStatus {
			return status;
		},
		/** Whether `at` has drawn the snapshot (or is drawing it now). */
		reached(at: DrawStep): boolean {
			return STEPS.indexOf(step) >= STEPS.indexOf(at);
		}
	};
}
