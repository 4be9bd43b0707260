import {appOrigin} from './appOrigin.js';

export interface IpcSender {
	/** The call came from the webContents of our window. */
	fromOurWindow: boolean;
	/** …from its top frame, not an iframe. */
	isMainFrame: boolean;
	/** The URL that frame shows. */
	frameUrl: string;
}

/** An IPC call is served only from our window's top frame while it shows our own origin. */
export function isTrustedIpcSender(sender: IpcSender): boolean {
	if (!sender.fromOurWindow || !sender.isMainFrame)
		return false;
	try {
		// Not URL.origin: for a scheme WHATWG does not know (app:), Node reports the origin as "null".
		const url = new URL(sender.frameUrl);
		return `${url.protocol}//${url.host}` === appOrigin;
	} catch {
		return false;
	}
}
