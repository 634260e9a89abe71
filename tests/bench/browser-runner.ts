/**
 * Runs the browser page benches: every module in tests/bench/browser/ (sorted by name), or the
 * ones `--browser-bench a,b` names. Each module's default export is
 * `run(opts: { chromiumPath: string; log?; windowS? }): Promise<string[]>`: it starts what it
 * needs, returns the lines to print and cleans up after itself. A bench that fails prints its
 * error instead of figures and makes the run's exit code non-zero.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchConfig } from './config';
import type { BrowserBenchOptions } from './page-kit';

const DIR = fileURLToPath(new URL('./browser/', import.meta.url));

type BrowserBench = (opts: BrowserBenchOptions) => Promise<string[]>;

export function browserBenchNames(): string[] {
	return readdirSync(DIR)
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
		.map((f) => f.slice(0, -3))
		.sort();
}

export async function runBrowserBenches(
	cfg: BenchConfig,
	log: (line: string) => void
): Promise<{ lines: string[]; failed: number }> {
	const all = browserBenchNames();
	const unknown = cfg.browserBenches.filter((n) => !all.includes(n));
	if (unknown.length) {
		throw new Error(`no browser bench ${unknown.join(', ')} (have: ${all.join(', ')})`);
	}
	const names = cfg.browserBenches.length ? cfg.browserBenches : all;
	const lines: string[] = [];
	let failed = 0;
	for (const name of names) {
		log(`browser bench ${name}: starting`);
		const started = Date.now();
		try {
			const mod = (await import(pathToFileURL(`${DIR}${name}.ts`).href)) as {
				default: BrowserBench;
			};
			const out = await mod.default({
				chromiumPath: cfg.chromiumPath,
				log: (line) => log(`${name}: ${line}`),
				windowS: cfg.browserWindowS
			});
			lines.push(...out);
		} catch (err) {
			failed++;
			lines.push(
				`browser bench ${name} FAILED: ${err instanceof Error ? err.message : String(err)}`
			);
		}
		log(`browser bench ${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}
	return { lines, failed };
}
