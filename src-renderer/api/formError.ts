import {ApiError} from './client';

/** A failure, placed at the field it names (the service's `details.field`, or the first path of a schema issue). */
export interface FormError {
	field: string | null;
	message: string;
}

/** Where a failed call's error belongs in a form: a search setting's issue names "settings.rollouts", shown at rollouts. */
export function formError(failure: unknown): FormError {
	if (!(failure instanceof ApiError))
		return {field: null, message: failure instanceof Error ? failure.message : String(failure)};
	const details = failure.details as {field?: string; issues?: {path?: PropertyKey[]}[]} | undefined;
	const path = details?.issues?.[0]?.path ?? [];
	const first = path[0] === 'settings' && path.length > 1 ? path[1] : path[0];
	return {field: details?.field ?? (first === undefined ? null : String(first)), message: failure.message};
}
