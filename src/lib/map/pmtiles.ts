/**
 * Registers the `pmtiles://` protocol with MapLibre, once per page, loading the pmtiles
 * library only when a PMTiles basemap is configured.
 */
import type { AddProtocolAction } from 'maplibre-gl';

let registered: Promise<void> | null = null;

export function registerPmtiles(
	addProtocol: (name: string, action: AddProtocolAction) => void
): Promise<void> {
	registered ??= import('pmtiles').then(({ Protocol }) => {
		const protocol = new Protocol();
		addProtocol('pmtiles', protocol.tile as AddProtocolAction);
	});
	return registered;
}
