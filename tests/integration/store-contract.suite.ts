import { afterEach } from 'vitest';
import type { Store } from '$lib/server/store/types';
import { escortKeysContract } from './store-contract.escort-keys';
import type { ContractContext } from './store-contract.fixtures';
import { journalContract } from './store-contract.journal';
import { photoDeletionsContract } from './store-contract.photo-deletions';
import { photosContract } from './store-contract.photos';
import { recordsContract } from './store-contract.records';
import { subscribeContract } from './store-contract.subscribe';

/** Fresh, empty storage; every store opened on one space sees the same data. */
export type StoreSpace = { open(): Store };

export type StoreHarness = {
	kind: Store['kind'];
	space(): Promise<StoreSpace>;
	/** Drops what a space stored (after its stores are closed). */
	cleanup?(): Promise<void>;
};

/** The one contract every Store implementation must pass, run once per implementation. */
export function storeContract(harness: StoreHarness): void {
	let opened: Store[] = [];

	const fresh: ContractContext['fresh'] = async () => {
		const space = await harness.space();
		const another = () => {
			const s = space.open();
			opened.push(s);
			return s;
		};
		return { store: another(), another };
	};

	afterEach(async () => {
		await Promise.all(opened.map((s) => s.close()));
		opened = [];
		await harness.cleanup?.();
	});

	const context: ContractContext = { kind: harness.kind, fresh };
	journalContract(context);
	subscribeContract(context);
	recordsContract(context);
	photosContract(context);
	photoDeletionsContract(context);
	escortKeysContract(context);
}
