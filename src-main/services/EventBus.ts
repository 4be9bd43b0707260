import type {ApiEvent, ApiEventMessage, ApiEventPayload, LogRef} from '../contract/api.js';

export type EventListener = (message: ApiEventMessage) => void;

/** Fans the main side's events out to every connected UI (IPC windows, WebSocket clients). */
export class EventBus {
	private readonly listeners = new Set<EventListener>();

	public emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void {
		const message = {event, payload} as ApiEventMessage;
		for (const listener of this.listeners)
			listener(message);
	}

	/** Returns the function that unsubscribes. */
	public subscribe(listener: EventListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Writes a line to the UI's log panel; `ref` names what it is about, for the UI to link to. */
	public log(level: 'info' | 'warn' | 'error', message: string, ref?: LogRef): void {
		this.emit('log.written', {level, message, at: new Date().toISOString(), ...(ref ? {ref} : {})});
	}
}
