import {useEffect, useState} from 'react';
import type {ApiResult} from '../../../src-main/contract/api';
import type {WorkbenchSettings} from '../../../src-main/contract/settings';
import {useApi} from '../../api/ApiContext';
import {useSettings} from '../../api/useSettings';
import {issuesOf} from './issuesOf';
import {LocationsSection} from './LocationsSection';
import {ProvenanceSection} from './ProvenanceSection';
import {SandboxSection} from './SandboxSection';
import {SearchDefaultsSection} from './SearchDefaultsSection';
import {changesBetween, draftOf, updateOf, type FieldErrors, type SettingsDraft} from './SettingsDraft';
import {WorkspaceSection} from './WorkspaceSection';

type SaveStatus = {kind: 'idle'} | {kind: 'saving'} | {kind: 'saved'; changes: string[]} | {kind: 'failed'; message: string};

/**
 * The workbench's settings: the sandbox, the search defaults, the user's name, where rounds write, and the workspace.
 * Save stores them in the workspace; each is in effect from the next run or search, without a restart (the workspace
 * alone waits for the next start).
 */
export function SettingsPage() {
	const api = useApi();
	const {settings, error: loadError} = useSettings();
	const [info, setInfo] = useState<ApiResult<'app.info'> | null>(null);
	const [draft, setDraft] = useState<SettingsDraft | null>(null);
	const [dirty, setDirty] = useState(false);
	const [errors, setErrors] = useState<FieldErrors>({});
	const [status, setStatus] = useState<SaveStatus>({kind: 'idle'});

	useEffect(() => {
		api.call('app.info', {}).then(setInfo, (failure: Error) => setStatus({kind: 'failed', message: failure.message}));
	}, [api]);
	// The stored settings fill the form, and refill it when they change elsewhere, unless it holds unsaved edits.
	useEffect(() => {
		if (settings && !dirty)
			setDraft(draftOf(settings));
	}, [settings, dirty]);

	const edit = (next: SettingsDraft) => {
		setDraft(next);
		setDirty(true);
		setStatus({kind: 'idle'});
	};
	const save = (before: WorkbenchSettings, edited: SettingsDraft) => {
		setStatus({kind: 'saving'});
		setErrors({});
		api.call('settings.set', updateOf(edited)).then(saved => {
			setDraft(draftOf(saved));
			setDirty(false);
			setStatus({kind: 'saved', changes: changesBetween(before, saved)});
		}, (failure: Error) => {
			const fields = issuesOf(failure);
			setErrors(fields);
			setStatus({kind: 'failed', message: Object.keys(fields).length > 0 ? `not saved: ${Object.keys(fields).length === 1 ? 'a setting is' : 'some settings are'} not valid (${Object.keys(fields).join(', ')})` : failure.message});
		});
	};

	const defaultDataDir = info ? `${info.workspacePath.replace(/\.[^./\\]+$/, '')}-rounds` : 'beside the workspace';
	return (
		<section className="settings">
			<h1>Settings</h1>
			{loadError && <p className="error" role="alert">{loadError}</p>}
			{/* The contract's schema checks every value (noValidate): its errors name the field, inline. */}
			{settings && draft && (
				<form className="settings-form" aria-label="Settings" noValidate onSubmit={event => {
					event.preventDefault();
					save(settings, draft);
				}}>
					<div className="settings-sections">
						<SandboxSection draft={draft} errors={errors} onChange={edit}/>
						<SearchDefaultsSection draft={draft} errors={errors} onChange={edit}/>
						<ProvenanceSection draft={draft} errors={errors} onChange={edit}/>
						<LocationsSection draft={draft} errors={errors} onChange={edit} defaultDataDir={defaultDataDir}/>
					</div>
					<div className="save-bar">
						<button type="submit" className="primary" disabled={status.kind === 'saving'}>Save</button>
						<button type="button" disabled={!dirty} onClick={() => {
							setDraft(draftOf(settings));
							setDirty(false);
							setErrors({});
							setStatus({kind: 'idle'});
						}}>Discard changes</button>
						{status.kind === 'saved' && (
							<p className="saved" role="status" data-testid="settings-saved">
								Saved{status.changes.length === 0 ? ': nothing changed.' : `, in effect from the next run or search: ${status.changes.join('; ')}`}
							</p>
						)}
						{status.kind === 'failed' && <p className="error" role="alert">{status.message}</p>}
						{dirty && status.kind === 'idle' && <p className="muted">unsaved changes</p>}
					</div>
				</form>
			)}
			{info && <WorkspaceSection info={info} onInfo={setInfo}/>}
		</section>
	);
}
