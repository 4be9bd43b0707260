import {ipcMain, type BrowserWindow, type IpcMainInvokeEvent} from 'electron';
import {ApiRequest} from '../contract/api.js';
import {ipcChannels} from '../contract/bridge.js';
import {toErrorPayload, RstarError} from '../contract/errors.js';
import type {App} from '../app.js';
import {dispatch} from '../transport/dispatch.js';
import {isTrustedIpcSender} from './isTrustedIpcSender.js';

/**
 * Binds the contract to Electron IPC. A call is served only from the top frame of our own window showing our own
 * origin; its envelope and params are schema-checked (in dispatch) like any HTTP call. Events go to the window.
 */
export function bindIpc(app: App, window: BrowserWindow): () => void {
	ipcMain.handle(ipcChannels.call, async (event: IpcMainInvokeEvent, request: unknown) => {
		if (!isTrustedSender(event, window))
			return {ok: false, error: toErrorPayload(new RstarError('unauthorised', 'IPC call from an untrusted frame refused'))};
		const envelope = ApiRequest.safeParse(request);
		if (!envelope.success)
			return {ok: false, error: toErrorPayload(new RstarError('invalid-params', 'IPC payload must be {method, params}'))};
		return dispatch(app.handlers, envelope.data.method, envelope.data.params);
	});

	const unsubscribe = app.events.subscribe(message => {
		if (!window.isDestroyed())
			window.webContents.send(ipcChannels.event, message);
	});
	return () => {
		unsubscribe();
		ipcMain.removeHandler(ipcChannels.call);
	};
}

function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
	const frame = event.senderFrame;
	return isTrustedIpcSender({
		fromOurWindow: event.sender === window.webContents,
		isMainFrame: frame !== null && frame === window.webContents.mainFrame,
		frameUrl: frame?.url ?? ''
	});
}
