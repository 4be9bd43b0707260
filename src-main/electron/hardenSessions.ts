import {app, session, type WebContents} from 'electron';
import {appOrigin} from './appOrigin.js';

/**
 * Electron's security checklist, applied app-wide: no navigation away from the app, no new windows, no webviews,
 * every permission request denied.
 */
export function hardenSessions(): void {
	session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
	session.defaultSession.setPermissionCheckHandler(() => false);

	app.on('web-contents-created', (_event, contents: WebContents) => {
		contents.on('will-navigate', (event, url) => {
			if (!url.startsWith(`${appOrigin}/`))
				event.preventDefault();
		});
		contents.on('will-redirect', (event, url) => {
			if (!url.startsWith(`${appOrigin}/`))
				event.preventDefault();
		});
		contents.setWindowOpenHandler(() => ({action: 'deny'}));
		contents.on('will-attach-webview', event => event.preventDefault());
	});
}
