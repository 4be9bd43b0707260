import {useEffect, useState} from 'react';
import type {ApiResult} from '../../../src-main/contract/api';
import {useApi} from '../../api/ApiContext';

/** What this window is connected to. Search and engine defaults join here with their features. */
export function SettingsPage() {
	const api = useApi();
	const [info, setInfo] = useState<ApiResult<'app.info'> | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		api.call('app.info', {}).then(setInfo, (failure: Error) => setError(failure.message));
	}, [api]);

	return (
		<section className="settings">
			<h1>Settings</h1>
			{error && <p className="error">{error}</p>}
			{info && (
				<dl className="facts">
					<dt>Version</dt><dd>{info.version}</dd>
					<dt>Host</dt><dd>{info.host === 'electron' ? 'Electron window' : 'browser mode (rstar serve)'}</dd>
					<dt>Workspace</dt><dd><code>{info.workspacePath}</code></dd>
				</dl>
			)}
			<p className="notice">Engine, model and search defaults are not built yet; they arrive with the search engine.</p>
		</section>
	);
}
