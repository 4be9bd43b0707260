import {z} from 'zod';
import {apiMethods, isApiMethod, type ApiMethod, type ApiResponse} from '../contract/api.js';
import {RstarError, toErrorPayload} from '../contract/errors.js';
import type {ApiHandlers} from '../services/ApiHandlers.js';

/**
 * Validates a call against the contract and runs it. Every transport goes through here, so no service ever sees
 * unvalidated params, and every failure leaves as `{ok: false, error: {code, message, details}}`.
 */
export async function dispatch(handlers: ApiHandlers, method: string, params: unknown): Promise<ApiResponse<ApiMethod>> {
	try {
		if (!isApiMethod(method))
			throw new RstarError('unknown-method', `unknown method "${method}"`);

		const parsed = apiMethods[method].params.safeParse(params ?? {});
		if (!parsed.success)
			throw new RstarError('invalid-params', `invalid params for ${method}: ${z.prettifyError(parsed.error)}`, {issues: parsed.error.issues});

		const handler = handlers[method] as (params: unknown) => unknown;
		return {ok: true, result: await handler(parsed.data)} as ApiResponse<ApiMethod>;
	} catch (error) {
		return {ok: false, error: toErrorPayload(error)};
	}
}
