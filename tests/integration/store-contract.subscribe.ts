import { describe, expect, it, vi } from 'vitest';
import {
	events,
	range,
	seqsOf,
	req,
	collect,
	type ContractContext
} from './store-contract.fixtures';

/** Live delivery: catch-up then live, each event once, in order, from any instance. */
export function subscribeContract({ fresh }: ContractContext): void {
	describe('subscribe', () => {
		it('catches up from afterSeq, then delivers live appends once each, in order', async () => {
			const { store } = await fresh();
			const written = events(3);
			await store.append(req('pride', written));
			const sub = collect(store, 'pride', 1);
			await sub.until(2);
			expect(sub.got).toEqual(written.slice(1).map((e, i) => ({ ...e, seq: i + 2 })));
			await store.append(req('pride', events(2)));
			await store.append(req('pride', events(1)));
			await sub.until(5);
			expect(seqsOf(sub.got)).toEqual(range(2, 6));
			sub.stop();
		});

		it('loses and repeats nothing when appends race the catch-up', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(1200)));
			const sub = collect(store, 'pride', 0);
			// Not awaited: these land while the subscriber is still reading its backlog.
			const racing = range(1, 30).map(() => store.append(req('pride', events(2))));
			await Promise.all(racing);
			await sub.until(1260);
			const fence = await store.append(req('pride', events(1)));
			await sub.until(1261);
			expect(fence).toEqual({ status: 'appended', seqs: [1261] });
			expect(seqsOf(sub.got)).toEqual(range(1, 1261));
			sub.stop();
		});

		it('gives each subscriber exactly the events after its own position', async () => {
			const { store } = await fresh();
			await store.append(req('pride', events(3)));
			// One asks beyond the head, the others from the start and from the middle.
			const ahead = collect(store, 'pride', 5);
			const fromStart = collect(store, 'pride', 0);
			const middle = collect(store, 'pride', 2);
			await fromStart.until(3);
			await middle.until(1);
			// The very next event alone must reach everyone, with nothing after it to reveal a gap.
			await store.append(req('pride', events(1)));
			await fromStart.until(4);
			await middle.until(2);
			for (let i = 0; i < 3; i++) await store.append(req('pride', events(1)));
			await fromStart.until(7);
			await middle.until(5);
			await ahead.until(2);
			expect(seqsOf(fromStart.got)).toEqual(range(1, 7));
			expect(seqsOf(middle.got)).toEqual(range(3, 7));
			expect(seqsOf(ahead.got)).toEqual([6, 7]);
			for (const s of [ahead, fromStart, middle]) s.stop();
		});

		it('gives subscribers joining during a stream of appends exactly their range', async () => {
			const { store, another } = await fresh();
			const writer = another();
			const joined: { after: number; sub: ReturnType<typeof collect> }[] = [];
			let head = 0;
			for (let round = 0; round < 40; round++) {
				const n = 1 + (round % 3);
				// Not awaited before subscribing: joins land before, during and after appends.
				const pending = writer.append(req('pride', events(n)));
				const after = (round * 7) % (head + 1);
				joined.push({ after, sub: collect(store, 'pride', after) });
				await pending;
				head += n;
			}
			// No later append: the last events must arrive on their own.
			for (const { after, sub } of joined) {
				await sub.until(head - after);
				expect(seqsOf(sub.got)).toEqual(range(after + 1, head));
				sub.stop();
			}
		});

		it('delivers appends made through another store instance', async () => {
			const { store, another } = await fresh();
			const writer = another();
			await writer.append(req('pride', events(2)));
			const sub = collect(store, 'pride', 0);
			await sub.until(2);
			const later = events(3);
			await writer.append(req('pride', later.slice(0, 2)));
			await writer.append(req('pride', later.slice(2)));
			await sub.until(5);
			expect(sub.got.slice(2)).toEqual(later.map((e, i) => ({ ...e, seq: i + 3 })));
			expect(seqsOf(sub.got)).toEqual(range(1, 5));
			sub.stop();
		});

		it('follows several events at once without mixing them up', async () => {
			const { store, another } = await fresh();
			const writer = another();
			const pride = collect(store, 'pride', 0);
			const march = collect(store, 'march', 0);
			for (let i = 0; i < 5; i++) {
				await writer.append(req('pride', events(1)));
				await writer.append(req('march', events(2)));
			}
			await pride.until(5);
			await march.until(10);
			expect(seqsOf(pride.got)).toEqual(range(1, 5));
			expect(seqsOf(march.got)).toEqual(range(1, 10));
			pride.stop();
			march.stop();
		});

		it('stops delivering after unsubscribe', async () => {
			const { store } = await fresh();
			const first = collect(store, 'pride', 0);
			await store.append(req('pride', events(1)));
			await first.until(1);
			first.stop();
			// A second listener proves the later appends were delivered to whoever still listens.
			const second = collect(store, 'pride', 1);
			await store.append(req('pride', events(2)));
			await second.until(2);
			expect(seqsOf(second.got)).toEqual([2, 3]);
			expect(seqsOf(first.got)).toEqual([1]);
			second.stop();
		});

		it('allows unsubscribing from inside the listener', async () => {
			const { store } = await fresh();
			const got: number[] = [];
			const stop = store.subscribe('pride', 0, (batch) => {
				got.push(...seqsOf(batch));
				stop();
			});
			await store.append(req('pride', events(1)));
			await vi.waitFor(() => expect(got).toEqual([1]));
			const witness = collect(store, 'pride', 0);
			await store.append(req('pride', events(1)));
			await witness.until(2);
			expect(got).toEqual([1]);
			witness.stop();
		});
	});
}
