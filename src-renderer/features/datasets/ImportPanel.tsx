import {useState, type FormEvent} from 'react';
import type {ImportReport} from '../../../src-main/contract/datasets';
import {maxUploadBytes} from '../../../src-main/contract/datasets';
import {useApi, useApiEvents} from '../../api/ApiContext';

type Status =
	| {kind: 'idle'}
	| {kind: 'importing'; rows: number; fraction: number}
	| {kind: 'done'; report: ImportReport}
	| {kind: 'failed'; message: string};

/** Import a JSON, JSON Lines or Parquet file through the file picker; the report lists every changed or skipped row. */
export function ImportPanel({existingNames}: {existingNames: string[]}) {
	const api = useApi();
	const [file, setFile] = useState<File | null>(null);
	const [name, setName] = useState('');
	const [skipInvalid, setSkipInvalid] = useState(false);
	const [status, setStatus] = useState<Status>({kind: 'idle'});
	// Bumped after an import to give the file input a fresh, empty element.
	const [pickerKey, setPickerKey] = useState(0);

	useApiEvents(message => {
		if (message.event === 'dataset.importProgressed' && message.payload.name === name && status.kind === 'importing')
			setStatus({kind: 'importing', rows: message.payload.rows, fraction: message.payload.bytes / Math.max(1, message.payload.totalBytes)});
	});

	const nameTaken = existingNames.includes(name.trim());
	const submit = async (event: FormEvent) => {
		event.preventDefault();
		if (!file)
			return;
		if (file.size > maxUploadBytes) {
			setStatus({kind: 'failed', message: `${file.name} is over 64 MiB: import it with \`rstar dataset import FILE --name NAME\`, which streams it from disk`});
			return;
		}
		setStatus({kind: 'importing', rows: 0, fraction: 0});
		try {
			const contentBase64 = await toBase64(file);
			const report = await api.call('dataset.import', {name: name.trim(), fileName: file.name, contentBase64, skipInvalid});
			setStatus({kind: 'done', report});
			setFile(null);
			setName('');
			setPickerKey(key => key + 1);
		} catch (error) {
			setStatus({kind: 'failed', message: (error as Error).message});
		}
	};

	return (
		<form className="import" onSubmit={submit} aria-label="Import a dataset">
			<h2>Import</h2>
			<label className="field">
				<span>File (.json, .jsonl, .parquet)</span>
				<input key={pickerKey} type="file" accept=".json,.jsonl,.ndjson,.parquet" data-testid="import-file" onChange={event => {
					const picked = event.target.files?.[0] ?? null;
					setFile(picked);
					if (picked && !name)
						setName(picked.name.replace(/\.[^.]+$/, '').slice(0, 80));
				}}/>
			</label>
			<label className="field">
				<span>Name</span>
				<input type="text" value={name} onChange={event => setName(event.target.value)} data-testid="import-name" maxLength={80}/>
			</label>
			{nameTaken && <p className="error">A dataset named “{name.trim()}” exists already.</p>}
			<label className="check">
				<input type="checkbox" checked={skipInvalid} onChange={event => setSkipInvalid(event.target.checked)}/>
				<span>Skip invalid rows (otherwise one bad row imports nothing)</span>
			</label>
			<button type="submit" disabled={!file || !name.trim() || nameTaken || status.kind === 'importing'}>Import</button>

			{status.kind === 'importing' && (
				<div className="progress" role="status">
					<progress value={status.fraction} max={1}/> {status.rows > 0 ? `${status.rows.toLocaleString()} rows read` : 'uploading…'}
				</div>
			)}
			{status.kind === 'failed' && <p className="error" role="alert">{status.message}</p>}
			{status.kind === 'done' && (
				<div className="report" role="status">
					<p>Imported <strong>{status.report.imported}</strong> problems into “{status.report.dataset.name}”
						{status.report.skipped > 0 && <>, skipped {status.report.skipped}</>}.</p>
					{status.report.warnings.length > 0 && (
						<details>
							<summary>{status.report.warnings.length} warnings</summary>
							<ul>{status.report.warnings.map((warning, i) => <li key={i}>{warning}</li>)}</ul>
						</details>
					)}
				</div>
			)}
		</form>
	);
}

async function toBase64(file: File): Promise<string> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	let binary = '';
	// Chunked: String.fromCharCode with a whole file's bytes as arguments would overflow the call stack.
	for (let i = 0; i < bytes.length; i += 0x8000)
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}
