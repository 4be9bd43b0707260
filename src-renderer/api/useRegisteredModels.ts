import type {RegisteredModel} from '../../src-main/contract/models';
import {useLiveResult} from './useLiveResult';

/** The model registry, kept current as `models.changed` arrives; `error` says why it could not be read. */
export function useRegisteredModels(): {models: RegisteredModel[]; error: string | null} {
	const {result, error} = useLiveResult('model.list', {}, ['models.changed']);
	return {models: result ?? [], error};
}
