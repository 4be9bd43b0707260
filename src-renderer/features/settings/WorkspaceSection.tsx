import {useState} from 'react';
import type {ApiResult} from '../../../src-main/contract/api';
import {useApi} from '../../api/ApiContext';
import {issuesOf} from './issuesOf';
import {SettingField} from './SettingField';

/**
 * The workspace open now, and another `.db` for the next start. The running app keeps its workspace (swapping it
 * would stop its searches and rebind its transports): the choice is recorded in the user-level settings file and
 * taken at the next start of the app or `rstar serve` without `--db`.
 */
export function WorkspaceSection({info, onInfo}: {info: ApiResult<'app.info'>; onInfo(info: ApiResult<'app.info'>): void}) {
	const api = useApi();
	const [path, setPath] = useState('');
	const [error, setError] = useState<string | undefined>(undefined);
	const [chosen, setChosen] = useState(false);
	const pending = info.startupWorkspacePath !== info.workspacePath;

	const choose = () => {
		setError(undefined);
		setChosen(false);
		api.call('workspace.choose', {path}).then(result => {
			onInfo({...info, ...result});
			setChosen(true);
			setPath('');
		}, (failure: Error) => setError(issuesOf(failure).path ?? failure.message));
	};

	return (
		<section className="settings-section" aria-labelledby="settings-workspace">
			<h2 id="settings-workspace">Workspace</h2>
			<dl className="facts">
				<dt>Open now</dt><dd><code data-testid="workspace-path">{info.workspacePath}</code></dd>
				<dt>Next start</dt><dd><code data-testid="startup-workspace-path">{info.startupWorkspacePath}</code></dd>
				<dt>Version</dt><dd>{info.version} · {info.host === 'electron' ? 'Electron window' : 'browser mode (rstar serve)'}</dd>
			</dl>
			<form className="workspace-choose" onSubmit={event => {
				event.preventDefault();
				choose();
			}}>
				<SettingField label="another workspace" path="path" error={error} hint="an existing workspace .db, or a new file to create; its full path">
					{aria => <input type="text" value={path} placeholder="/path/to/workspace.db" onChange={event => setPath(event.target.value)} {...aria}/>}
				</SettingField>
				<button type="submit" disabled={path.trim() === ''}>Open at next start</button>
			</form>
			{(chosen || pending) && (
				<p className="notice" role="status">
					The next start opens <code>{info.startupWorkspacePath}</code>. This window keeps <code>{info.workspacePath}</code> until then:
					restart the app (or <code>rstar serve</code>) to switch. <code>--db</code> still opens any other.
				</p>
			)}
		</section>
	);
}
