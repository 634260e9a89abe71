/**
 * Debian's Chromium flags for every headless run (the e2e suite and the browser benches):
 * Playwright's own browser downloads fail on these machines (see ../shared/TOOLCHAIN.md).
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
	// WebGL for MapLibre through software rendering, headless.
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader'
];
