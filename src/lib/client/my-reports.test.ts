import { describe, expect, it } from 'vitest';
import { loadMyReports, rememberMyReport } from './my-reports';

function memory(initial: Record<string, string> = {}) {
	const data = new Map(Object.entries(initial));
	return {
		getItem: (k: string) => data.get(k) ?? null,
		setItem: (k: string, v: string) => void data.set(k, v)
	};
}

describe('my reports', () => {
	it('remembers ids once, in order', () => {
		const s = memory();
		rememberMyReport('a', s);
		rememberMyReport('b', s);
		expect(rememberMyReport('a', s)).toEqual(['b', 'a']);
		expect(loadMyReports(s)).toEqual(['b', 'a']);
	});

	it('survives garbage and missing storage', () => {
		expect(loadMyReports(memory({ 'haven:my-reports': '{oops' }))).toEqual([]);
		expect(loadMyReports(memory({ 'haven:my-reports': '[1,"x"]' }))).toEqual(['x']);
		expect(loadMyReports(null)).toEqual([]);
		expect(rememberMyReport('a', null)).toEqual(['a']);
	});
});
