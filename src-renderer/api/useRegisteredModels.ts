import {useEffect, useState} from 'react';
import type {RegisteredModel} from '../../src-main/contract/models';
import {useApi, useApiEvents} from './ApiContext';

/** The model registry, kept current as `models.changed` arrives; `error` says why it could not be read. */
export function useRegisteredModels(): {models: RegisteredModel[]; error: string | null} {
	const api = useApi();
	const [models, setModels] = useState<RegisteredModel[]>([]);
	const [error, setError] = useState<string | null>(null);
	const [version, setVersion] = useState(0);
	useEffect(() => {
		api.call('model.list', {}).then(list => {
			setModels(list);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api, version]);
	useApiEvents(message => {
		if (message.event === 'models.changed')
			setVersion(next => next + 1);
	});
	return {models, error};
}
