import {useState, type FormEvent} from 'react';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import {datasetNamePattern} from '../../../src-main/contract/datasets';
import {useApi} from '../../api/ApiContext';
import {saveFile} from '../../lib/saveFile';

type Mode = 'idle' | 'renaming' | 'deleting';

/**
 * What can be done to the picked dataset: export it (any), rename or delete it (imported ones only). Deleting asks
 * first, and asks whether the searches of its problems stay (unlinked) or go with it.
 */
export function DatasetActions({dataset, onDeleted}: {dataset: DatasetSummary; onDeleted(): void}) {
	const api = useApi();
	const [mode, setMode] = useState<Mode>('idle');
	const [name, setName] = useState(dataset.name);
	const [searches, setSearches] = useState<'keep' | 'remove'>('keep');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string | null>(null);

	const act = async (work: () => Promise<void>) => {
		setBusy(true);
		setError(null);
		try {
			await work();
		} catch (failure) {
			setError((failure as Error).message);
		} finally {
			setBusy(false);
		}
	};
	const exportAs = (format: 'json' | 'jsonl') => act(async () => {
		const file = await api.call('dataset.export', {id: dataset.id, format});
		saveFile(file.fileName, file.content, format === 'json' ? 'application/json' : 'application/x-ndjson');
	});
	const rename = (event: FormEvent) => {
		event.preventDefault();
		void act(async () => {
			await api.call('dataset.rename', {id: dataset.id, name: name.trim()});
			setMode('idle');
		});
	};
	const remove = (event: FormEvent) => {
		event.preventDefault();
		void act(async () => {
			await api.call('dataset.delete', {id: dataset.id, searches});
			onDeleted();
		});
	};
	const validName = datasetNamePattern.test(name.trim());

	return (
		<section className="dataset-actions" aria-label="Dataset actions">
			<div className="action-row">
				<button type="button" disabled={busy} onClick={() => exportAs('json')}>Export JSON</button>
				<button type="button" disabled={busy} onClick={() => exportAs('jsonl')}>Export JSONL</button>
			</div>
			{dataset.builtin
				? <p className="muted">Built-in: it can be exported, not renamed or deleted.</p>
				: mode === 'idle' && (
					<div className="action-row">
						<button type="button" disabled={busy} onClick={() => {
							setName(dataset.name);
							setMode('renaming');
						}}>Rename…</button>
						<button type="button" className="danger" disabled={busy} onClick={() => setMode('deleting')}>Delete…</button>
					</div>
				)}
			{mode === 'renaming' && (
				<form onSubmit={rename} className="action-form">
					<label className="field"><span>New name</span>
						<input type="text" value={name} maxLength={80} onChange={event => setName(event.target.value)} aria-label="New name"/>
					</label>
					<div className="action-row">
						<button type="submit" disabled={busy || !validName || name.trim() === dataset.name}>Rename</button>
						<button type="button" onClick={() => setMode('idle')}>Cancel</button>
					</div>
				</form>
			)}
			{mode === 'deleting' && (
				<form onSubmit={remove} className="action-form" role="alertdialog" aria-label="Confirm delete">
					<p>Delete “{dataset.name}” and its {dataset.problemCount.toLocaleString()} problems? This cannot be undone.</p>
					<fieldset>
						<legend>The searches of its problems</legend>
						<label className="check">
							<input type="radio" name="searches" checked={searches === 'keep'} onChange={() => setSearches('keep')}/>
							<span>Keep them (with their question, no longer linked to a problem)</span>
						</label>
						<label className="check">
							<input type="radio" name="searches" checked={searches === 'remove'} onChange={() => setSearches('remove')}/>
							<span>Remove them with their trees</span>
						</label>
					</fieldset>
					<div className="action-row">
						<button type="submit" className="danger" disabled={busy}>Delete</button>
						<button type="button" onClick={() => setMode('idle')}>Cancel</button>
					</div>
				</form>
			)}
			{error && <p className="error" role="alert">{error}</p>}
		</section>
	);
}
