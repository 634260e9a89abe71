/**
 * Long animation frames (LoAF) attributed to whose code ran in them, for the control page
 * bench: MapLibre, Socket.IO, Haven (with Svelte), or rendering when scripts were a minor part.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT } from './ipc';

/** One `long-animation-frame` entry, as the page records it. */
export type Frame = {
	start: number;
	duration: number;
	scripts: { url: string; invoker: string; duration: number }[];
};

/**
 * Whose code a built file holds, from Vite's manifest (source module to chunk file): the
 * long frames of a load are attributed by it.
 */
export function chunkOwners(): Map<string, string> {
	const owners = new Map<string, string>();
	const manifest = join(ROOT, '.svelte-kit', 'output', 'client', '.vite', 'manifest.json');
	if (!existsSync(manifest)) return owners;
	const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { file: string }>;
	for (const [source, { file }] of Object.entries(entries)) {
		const owner = source.includes('node_modules/maplibre-gl')
			? 'MapLibre'
			: source.includes('node_modules/socket.io') || source.includes('node_modules/engine.io')
				? 'Socket.IO'
				: 'Haven (with Svelte)';
		owners.set(basename(file), owner);
	}
	return owners;
}

/** The owner of the script that ran longest in a frame, or rendering if scripts were a minor part. */
function whose(frame: Frame, owners: Map<string, string>): string {
	const top = [...frame.scripts].sort((a, b) => b.duration - a.duration)[0];
	if (!top || top.duration < frame.duration / 2) return 'rendering';
	const path = top.url.split('?')[0];
	// The page itself: SvelteKit's inline start-up script, which hydrates Haven's components.
	if (path && !path.includes('/_app/')) return 'Haven (with Svelte)';
	return owners.get(basename(path)) ?? (path ? `other (${basename(path)})` : 'other');
}

/** The frames as `owner count (longest ms)`, worst owner first. */
export function byOwner(frames: Frame[], owners: Map<string, string>): string {
	if (!frames.length) return 'none';
	const groups = new Map<string, number[]>();
	for (const f of frames) {
		const owner = whose(f, owners);
		groups.set(owner, [...(groups.get(owner) ?? []), f.duration]);
	}
	return [...groups]
		.sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))
		.map(([owner, ds]) => `${owner} ${ds.length} (longest ${Math.max(...ds).toFixed(0)} ms)`)
		.join(', ');
}

/**
 * Each frame on a line of its own (start, duration, owner, its three longest scripts), for
 * HAVEN_BENCH_VERBOSE: the grouped summary says who, this says which task to look at.
 */
export function frameLines(frames: Frame[], owners: Map<string, string>): string[] {
	return frames.map((f) => {
		const top = [...f.scripts]
			.sort((a, b) => b.duration - a.duration)
			.slice(0, 3)
			.map(
				(s) => `${basename(s.url.split('?')[0] || '?')} ${s.invoker} ${s.duration.toFixed(0)} ms`
			);
		return (
			`      frame at ${f.start.toFixed(0)} ms, ${f.duration.toFixed(0)} ms, ${whose(f, owners)}` +
			(top.length ? `: ${top.join('; ')}` : '')
		);
	});
}
