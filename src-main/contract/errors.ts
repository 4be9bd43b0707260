/**
 * Error codes shared by every boundary. Transports carry `{ code, message, details }`; the renderer and the CLI
 * switch on `code`, people read `message` (which names the fix).
 */
export const errorCodes = [
	'unauthorised',
	'invalid-params',
	'unknown-method',
	'not-found',
	'dataset.malformed',
	'dataset.invalid-rows',
	'dataset.already-imported',
	'dataset.name-taken',
	'dataset.too-large',
	'dataset.builtin',
	/** The model ships with the app: it is registered at every start and cannot be removed. */
	'model.builtin',
	/** The dataset has queued or running searches: stop them before deleting it. */
	'dataset.busy',
	'store.newer-schema',
	/** Another process holds the search's lease (it runs or waits there). */
	'search.busy',
	/** Another process runs the round's stages. */
	'round.busy',
	/** The search already holds the same preference pair (same chosen and rejected steps). */
	'pair.duplicate',
	/** Long work (a training run) ended because it was asked to stop. */
	'stopped',
	'internal'
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A failure that a caller can act on; anything else that escapes a service is reported as `internal`. */
export class RstarError extends Error {
	public readonly code: ErrorCode;
	public readonly details: unknown;

	public constructor(code: ErrorCode, message: string, details?: unknown) {
		super(message);
		this.name = 'RstarError';
		this.code = code;
		this.details = details;
	}
}

/** The wire shape of a failure, identical over IPC, HTTP and the CLI's stderr JSON. */
export interface ErrorPayload {
	code: ErrorCode;
	message: string;
	details?: unknown;
}

export function toErrorPayload(error: unknown): ErrorPayload {
	if (error instanceof RstarError)
		return {code: error.code, message: error.message, details: error.details};

	return {code: 'internal', message: error instanceof Error ? error.message : String(error)};
}
