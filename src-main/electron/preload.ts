import {contextBridge, ipcRenderer, type IpcRendererEvent} from 'electron';
import type {ApiEventMessage} from '../contract/api.js';
import {ipcChannels, type RstarBridge} from '../contract/bridge.js';

// Only these two functions cross into the page; raw ipcRenderer never does.
const bridge: RstarBridge = {
	call: (method, params) => ipcRenderer.invoke(ipcChannels.call, {method, params}),
	onEvent: listener => {
		const forward = (_event: IpcRendererEvent, message: ApiEventMessage) => listener(message);
		ipcRenderer.on(ipcChannels.event, forward);
		return () => {
			ipcRenderer.removeListener(ipcChannels.event, forward);
		};
	}
};

contextBridge.exposeInMainWorld('rstar', bridge);
