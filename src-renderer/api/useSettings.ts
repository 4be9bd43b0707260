import {useEffect, useState} from 'react';
import type {WorkbenchSettings} from '../../src-main/contract/settings';
import {useApi, useApiEvents} from './ApiContext';

/** The workbench's settings, kept current as `settings.changed` arrives; null until read (or when they cannot be: `error` says why). */
export function useSettings(): {settings: WorkbenchSettings | null; error: string | null} {
	const api = useApi();
	const [settings, setSettings] = useState<WorkbenchSettings | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		api.call('settings.get', {}).then(setSettings, (failure: Error) => setError(failure.message));
	}, [api]);
	useApiEvents(message => {
		if (message.event === 'settings.changed')
			setSettings(message.payload.settings);
	});
	return {settings, error};
}
