import { describe, expect, it } from 'vitest';
import type { MarshalPosition } from '$lib/shared/protocol';
import { positionMap } from './positions';

const at = (marshalId: string, lng: number, time: string): MarshalPosition => ({
	marshalId,
	position: [lng, -41.29],
	accuracy: 10,
	at: time
});

describe('positionMap', () => {
	it('keys the batch by marshal', () => {
		const map = positionMap([at('a', 174.77, '2026-02-14T06:00:00.000Z')]);
		expect([...map.keys()]).toEqual(['a']);
	});

	it('keeps the previous object of a marshal who did not move, and only that', () => {
		const first = positionMap([
			at('a', 174.77, '2026-02-14T06:00:00.000Z'),
			at('b', 174.78, '2026-02-14T06:00:00.000Z')
		]);
		const second = positionMap(
			[at('a', 174.77, '2026-02-14T06:00:00.000Z'), at('b', 174.781, '2026-02-14T06:00:02.000Z')],
			first
		);
		expect(second.get('a')).toBe(first.get('a'));
		expect(second.get('b')).not.toBe(first.get('b'));
		expect(second.get('b')?.position).toEqual([174.781, -41.29]);
		// Gone from the batch: gone from the map.
		expect(positionMap([], second).size).toBe(0);
	});
});
