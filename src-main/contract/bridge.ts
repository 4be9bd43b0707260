import type {ApiEventMessage, ApiMethod, ApiParams, ApiResponse} from './api.js';

/** What the preload exposes to the renderer as `window.rstar`: the contract, and nothing else of Electron's. */
export interface RstarBridge {
	call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponse<M>>;
	/** Returns the function that unsubscribes. */
	onEvent(listener: (message: ApiEventMessage) => void): () => void;
}

/** IPC channel names; the main side refuses every other channel. */
export const ipcChannels = {
	call: 'rstar:call',
	event: 'rstar:event'
} as const;
