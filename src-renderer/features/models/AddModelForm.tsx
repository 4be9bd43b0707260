import {useState} from 'react';
import type {RegisteredModel} from '../../../src-main/contract/models';
import {useApi} from '../../api/ApiContext';

/**
 * Registers a model by the path of a .gguf file, a PPM bundle folder, or a folder to scan (recursively). A typed path:
 * browser mode has no file dialog, and the app never copies the file, so its path is what counts.
 */
export function AddModelForm({onAdded}: {onAdded(models: RegisteredModel[]): void}) {
	const api = useApi();
	const [path, setPath] = useState('');
	const [busy, setBusy] = useState(false);
	const [report, setReport] = useState<{kind: 'error' | 'done'; text: string} | null>(null);
	const add = (event: React.FormEvent) => {
		event.preventDefault();
		setBusy(true);
		setReport(null);
		api.call('model.add', {path: path.trim()}).then(models => {
			const broken = models.filter(model => model.status === 'error').length;
			setReport({kind: 'done', text: `${models.length} registered${broken > 0 ? `, ${broken} with an error` : ''}`});
			setPath('');
			onAdded(models);
		}, (failure: Error) => setReport({kind: 'error', text: failure.message})).finally(() => setBusy(false));
	};
	return (
		<form className="models-add" onSubmit={add} aria-label="Add file or folder">
			<label className="field">
				<span>Add file or folder: a .gguf policy or LoRA adapter, a PPM bundle folder, or a folder to scan</span>
				<input type="text" value={path} onChange={event => setPath(event.target.value)} placeholder="/path/to/model.gguf or /path/to/models" aria-label="model path"/>
			</label>
			<button type="submit" className="pairs-primary" disabled={busy || path.trim() === ''}>{busy ? 'Reading…' : 'Add'}</button>
			{report && <p className={report.kind === 'error' ? 'error' : 'muted'} role="status">{report.text}</p>}
		</form>
	);
}
