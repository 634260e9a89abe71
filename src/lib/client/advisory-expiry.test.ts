import { describe, expect, it } from 'vitest';
import type { Advisory } from '$lib/shared/model';
import { msUntilNextExpiry } from './advisory-expiry';

const NOW = new Date('2026-12-01T10:00:00Z');
const advisory = (id: string, expiresAt: string, withdrawnAt: string | null = null): Advisory => ({
	id,
	audience: 'public',
	sectorId: null,
	text: 'Avoid Dixon Street',
	postedAt: '2026-12-01T09:00:00Z',
	expiresAt,
	withdrawnAt,
	receivedBy: {}
});

describe('msUntilNextExpiry', () => {
	it('is the time to the soonest expiry among advisories in force', () => {
		expect(
			msUntilNextExpiry(
				[
					advisory('a', '2026-12-01T10:05:00Z'),
					advisory('b', '2026-12-01T10:00:30Z'),
					advisory('gone', '2026-12-01T09:59:00Z'),
					advisory('withdrawn', '2026-12-01T10:00:10Z', '2026-12-01T09:30:00Z')
				],
				NOW
			)
		).toBe(30_000);
	});

	it('is null when nothing will expire', () => {
		expect(msUntilNextExpiry([], NOW)).toBeNull();
		expect(msUntilNextExpiry([advisory('gone', '2026-12-01T09:00:00Z')], NOW)).toBeNull();
	});
});
