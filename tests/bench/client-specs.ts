import type { BenchConfig } from './config';
import { marshalId } from './haven-setup';
import type { ClientSpec } from './messages';

/** IPs from 10.0.0.0/8, one per simulated client, so per-IP limits see many people. */
const ip = (block: number, i: number) => `10.${block}.${(i >> 8) & 255}.${i & 255}`;

/** The simulated clients of one phase: marshals and dashboards, spread over the servers. */
export function specsFor(
	cfg: BenchConfig,
	urls: string[],
	auth: {
		marshal(i: number): Record<string, unknown>;
		dashboard(i: number): Record<string, unknown>;
	}
): { marshals: ClientSpec[]; dashboards: ClientSpec[] } {
	// Exactly `reporters` of the marshals, evenly spread (so over both servers and all workers).
	const isReporter = (i: number) =>
		Math.floor((i * cfg.reporters) / cfg.marshals) !==
		Math.floor(((i + 1) * cfg.reporters) / cfg.marshals);
	return {
		marshals: Array.from({ length: cfg.marshals }, (_, i) => ({
			key: marshalId(i),
			kind: 'marshal' as const,
			url: urls[i % urls.length],
			auth: auth.marshal(i),
			forwardedFor: ip(100 + (i >> 16), i),
			reporter: isReporter(i)
		})),
		dashboards: Array.from({ length: cfg.dashboards }, (_, i) => ({
			key: `dashboard-${i}`,
			kind: 'dashboard' as const,
			url: urls[i % urls.length],
			auth: auth.dashboard(i),
			forwardedFor: ip(200, i),
			reporter: false
		}))
	};
}
