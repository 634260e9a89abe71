import { describe, expect, it } from 'vitest';
import { cpuShare, cpuSnapshot, describeCpuShare } from '../bench/cpu-share';

describe('the bench CPU share', () => {
	it('splits the machine busy time into the browser and the rest, in cores', () => {
		const share = cpuShare(
			{ at: 10_000, machineBusy: 1000, machineAll: 5000, browser: 200, gpu: 50 },
			// 2 s later on a machine whose cores gave 400 ticks in all, 300 of them busy.
			{ at: 12_000, machineBusy: 1300, machineAll: 5400, browser: 320, gpu: 130 }
		);
		expect(share.machineBusyPct).toBeCloseTo(75);
		expect(share.browserCores).toBeCloseTo(0.6);
		expect(share.gpuCores).toBeCloseTo(0.4);
		expect(share.otherCores).toBeCloseTo(0.9);
		expect(describeCpuShare(share)).toContain(
			'75 % busy: Chromium 0.60 cores (its GPU process 0.40)'
		);
	});

	it('reads this machine: a busy third of a second shows as at least 0.2 core-seconds', () => {
		const before = cpuSnapshot();
		expect(before).not.toBeNull();
		const end = performance.now() + 300;
		while (performance.now() < end) Math.sqrt(Math.random());
		const after = cpuSnapshot()!;
		expect(after.machineBusy - before!.machineBusy).toBeGreaterThanOrEqual(20);
		expect(after.machineAll).toBeGreaterThan(before!.machineAll);
		// No Chromium was started by this process.
		expect(after.browser).toBe(0);
		expect(after.gpu).toBe(0);
	});
});
