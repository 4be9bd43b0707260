import type {ApiEventMessage, ApiMethod, ApiParams, ApiResponse, ApiResult} from '../../src-main/contract/api';
import type {RstarBridge} from '../../src-main/contract/bridge';

declare global {
	interface Window {
		/** Present in the Electron window (the preload's bridge); absent in browser mode. */
		rstar?: RstarBridge;
	}
}

/** A failed call, with the contract's error code. */
export class ApiError extends Error {
	public constructor(public readonly code: string, message: string, public readonly details?: unknown) {
		super(message);
		this.name = 'ApiError';
	}
}

/** The UI's one way to reach the main side: the preload bridge in Electron, HTTP + WebSocket in browser mode. */
export interface ApiClient {
	call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>>;
	onEvent(listener: (message: ApiEventMessage) => void): () => void;
}

export function createApiClient(): ApiClient {
	const transport = window.rstar ?? createHttpBridge();
	return {
		async call(method, params) {
			const response = await transport.call(method, params);
			if (!response.ok)
				throw new ApiError(response.error.code, response.error.message, response.error.details);
			return response.result;
		},
		onEvent: listener => transport.onEvent(listener)
	};
}

/**
 * Browser mode: the page was served by `rstar serve`, whose cookie authorises these same-origin requests. The URLs are
 * relative to the page: the server serves everything under a path of its own, the only path its cookie is sent to.
 */
function createHttpBridge(): RstarBridge {
	const listeners = new Set<(message: ApiEventMessage) => void>();
	let socket: WebSocket | null = null;
	let retry = 500;

	const connect = () => {
		const url = new URL('api/events', location.href);
		url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
		socket = new WebSocket(url);
		socket.onopen = () => {
			retry = 500;
		};
		socket.onmessage = event => {
			const message = JSON.parse(String(event.data)) as ApiEventMessage;
			for (const listener of listeners)
				listener(message);
		};
		socket.onclose = () => {
			socket = null;
			// The server may be restarting: reconnect with backoff while anyone listens.
			if (listeners.size > 0)
				setTimeout(connect, retry = Math.min(retry * 2, 10_000));
		};
	};

	return {
		async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResponse<M>> {
			const response = await fetch('api/call', {
				method: 'POST',
				headers: {'Content-Type': 'application/json'},
				credentials: 'same-origin',
				body: JSON.stringify({method, params})
			});
			return await response.json() as ApiResponse<M>;
		},
		onEvent(listener) {
			listeners.add(listener);
			if (!socket)
				connect();
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0)
					socket?.close();
			};
		}
	};
}
