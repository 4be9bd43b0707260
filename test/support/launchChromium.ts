import fs from 'node:fs';
import {chromium, type Browser} from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); `CHROMIUM_PATH` points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags that keep it off the network (this machine has none, and tests need none). */
export async function launchChromium(): Promise<Browser> {
	if (!fs.existsSync(chromiumPath))
		throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
	return chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-quic']
	});
}
