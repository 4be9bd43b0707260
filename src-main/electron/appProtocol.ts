import fs from 'node:fs';
import {protocol} from 'electron';
import {contentSecurityPolicy} from '../transport/contentSecurityPolicy.js';
import {resolveStaticFile} from '../transport/staticFiles.js';

/** Makes `app:` a standard secure scheme; must run before the app is ready. */
export function registerAppScheme(): void {
	protocol.registerSchemesAsPrivileged([
		{scheme: 'app', privileges: {standard: true, secure: true, supportFetchAPI: true}}
	]);
}

/** Serves the built renderer under `app://rstar/`, with the CSP on every response. */
export function handleAppProtocol(rendererDir: string): void {
	const root = fs.realpathSync(rendererDir);
	protocol.handle('app', async request => {
		const url = new URL(request.url);
		const file = url.host === 'rstar' ? resolveStaticFile(root, url.pathname) : null;
		if (!file)
			return new Response('not found', {status: 404});
		return new Response(await fs.promises.readFile(file.filePath), {
			headers: {
				'Content-Type': file.contentType,
				'Content-Security-Policy': contentSecurityPolicy(),
				'X-Content-Type-Options': 'nosniff'
			}
		});
	});
}
