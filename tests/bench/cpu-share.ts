/**
 * Who had the machine's CPU during a browser measurement: the browser under test, or the rest
 * (Haven's server, the simulated phones, the system). The benches run their load generators
 * on the same few cores as Chromium, so a long task in the page can be the page's own work
 * or a share of a core it did not get; this tells the two apart. Linux only (/proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_S = 100;

export type CpuSnapshot = {
	at: number;
	/** Ticks summed over all cores: busy (user, nice, system, irq, softirq, steal) and in all. */
	machineBusy: number;
	machineAll: number;
	/** Ticks of the Chromium processes this process started, summed, and of its GPU process. */
	browser: number;
	gpu: number;
};

export type CpuShare = {
	cores: number;
	/** Of all cores together. */
	machineBusyPct: number;
	/** In cores (1.0: one core's worth). */
	browserCores: number;
	/** Of browserCores, the GPU process's: WebGL and compositing, under SwiftShader here. */
	gpuCores: number;
	otherCores: number;
};

function procStat(pid: string): { comm: string; ppid: number; ticks: number } | null {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name is in parentheses and may itself contain spaces or parentheses.
		const close = text.lastIndexOf(')');
		const fields = text.slice(close + 2).split(' ');
		return {
			comm: text.slice(text.indexOf('(') + 1, close),
			ppid: Number(fields[1]),
			// utime and stime: fields 14 and 15 of the line, 11 and 12 after the name.
			ticks: Number(fields[11]) + Number(fields[12])
		};
	} catch {
		return null; // gone between the listing and the read
	}
}

const isGpuProcess = (pid: number) => {
	try {
		// Chromium rewrites its process title, so its arguments may be joined by spaces.
		return /(^|[\s\0])--type=gpu-process([\s\0]|$)/.test(
			readFileSync(`/proc/${pid}/cmdline`, 'utf8')
		);
	} catch {
		return false;
	}
};

/** CPU ticks of every `chromium` process descending from this one (exited ones are lost). */
function browserTicks(): { browser: number; gpu: number } {
	const stats = new Map<number, { comm: string; ppid: number; ticks: number }>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = procStat(entry);
		if (stat) stats.set(Number(entry), stat);
	}
	const descends = (pid: number): boolean => {
		for (let p = stats.get(pid)?.ppid; p && p > 1; p = stats.get(p)?.ppid) {
			if (p === process.pid) return true;
		}
		return false;
	};
	let browser = 0;
	let gpu = 0;
	for (const [pid, stat] of stats) {
		if (stat.comm !== 'chromium' || !descends(pid)) continue;
		browser += stat.ticks;
		if (isGpuProcess(pid)) gpu += stat.ticks;
	}
	return { browser, gpu };
}

/** Null where there is no /proc (the bench then prints no CPU line). */
export function cpuSnapshot(): CpuSnapshot | null {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const [user, nice, system, idle, iowait, irq, softirq, steal] = line
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const busy = user + nice + system + irq + softirq + steal;
		return {
			at: Date.now(),
			machineBusy: busy,
			machineAll: busy + idle + iowait,
			...browserTicks()
		};
	} catch {
		return null;
	}
}

export function cpuShare(from: CpuSnapshot, to: CpuSnapshot): CpuShare {
	const seconds = Math.max((to.at - from.at) / 1000, 1e-3);
	const all = Math.max(to.machineAll - from.machineAll, 1);
	const busyTicks = to.machineBusy - from.machineBusy;
	const cores = (ticks: number) => ticks / TICKS_PER_S / seconds;
	const browserCores = cores(to.browser - from.browser);
	const busyCores = cores(busyTicks);
	return {
		cores: availableParallelism(),
		machineBusyPct: (100 * busyTicks) / all,
		browserCores,
		gpuCores: cores(to.gpu - from.gpu),
		otherCores: Math.max(0, busyCores - browserCores)
	};
}

export function describeCpuShare(share: CpuShare): string {
	return (
		`the machine's ${share.cores} cores ${share.machineBusyPct.toFixed(0)} % busy: ` +
		`Chromium ${share.browserCores.toFixed(2)} cores ` +
		`(its GPU process ${share.gpuCores.toFixed(2)}), ` +
		`the rest (Haven's server, the simulated phones, the system) ${share.otherCores.toFixed(2)} cores`
	);
}
