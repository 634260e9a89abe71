import type { ChildProcess } from 'node:child_process';

/**
 * For specs that start a server of their own (next to the shared one): resolves once it
 * answers its health check, and fails fast if it exits first.
 */
export async function untilHealthy(child: ChildProcess, base: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
		try {
			if ((await fetch(`${base}/api/health`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('server did not become healthy');
}
