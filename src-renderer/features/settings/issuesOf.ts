import {ApiError} from '../../api/client';
import type {FieldErrors} from './SettingsDraft';

/** An `invalid-params` failure's zod issues, by the path of the setting each names (`sandbox.workers`); else none. */
export function issuesOf(failure: Error): FieldErrors {
	if (!(failure instanceof ApiError) || failure.code !== 'invalid-params')
		return {};
	const issues = (failure.details as {issues?: {path: PropertyKey[]; message: string}[]} | undefined)?.issues ?? [];
	return Object.fromEntries(issues.map(issue => [issue.path.map(String).join('.'), issue.message]));
}
