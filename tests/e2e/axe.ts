import type AxeBuilder from '@axe-core/playwright';

/** What axe found that the pages promise not to have: serious or critical, with where. */
export function seriousViolations(results: Awaited<ReturnType<AxeBuilder['analyze']>>) {
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
}
