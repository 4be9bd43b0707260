import {useState} from 'react';
import {parameterCount, type RegisteredModel} from '../../../src-main/contract/models';
import {useApi} from '../../api/ApiContext';
import {PathText} from '../../components/PathText';
import {fileSize} from './fileSize';
import {RuntimeSettingsForm} from './RuntimeSettingsForm';

/** Metadata values as text: arrays and objects as JSON. */
const text = (value: unknown) => typeof value === 'string' ? value : JSON.stringify(value);

/**
 * One model in full: where it is, what its file says, where it came from, how it loads (a policy's runtime settings),
 * load / unload, and remove (unregister only: its files stay).
 */
export function ModelDetail({model, onRemoved}: {model: RegisteredModel; onRemoved(): void}) {
	const api = useApi();
	const [busy, setBusy] = useState<string | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [confirmRemove, setConfirmRemove] = useState(false);
	const [copied, setCopied] = useState(false);
	const act = (label: string, work: () => Promise<unknown>) => {
		setBusy(label);
		setError(null);
		work().catch((failure: Error) => setError(failure.message)).finally(() => setBusy(null));
	};
	const copy = () => {
		void navigator.clipboard.writeText(model.sha256 ?? '').then(() => setCopied(true), () => setCopied(false));
	};
	const loadable = model.status === 'ok';
	return (
		<div className="models-detail" aria-label={`Model ${model.name}`}>
			<h2>{model.name}{model.builtin && <span className="badge">built-in</span>}</h2>
			{model.error && <p className="error" role="alert">{model.error}</p>}
			<div className="action-row">
				{model.loaded
					? <button type="button" disabled={busy !== null} onClick={() => act('unloading', () => api.call('model.unload', {id: model.id}))}>Unload</button>
					: <button type="button" disabled={busy !== null || !loadable} title={loadable ? undefined : model.error ?? undefined}
						onClick={() => act('loading', () => api.call('model.load', {id: model.id}))}>Load</button>}
				{!model.builtin && !confirmRemove && <button type="button" className="danger" onClick={() => setConfirmRemove(true)}>Remove…</button>}
				{confirmRemove && (
					<span className="pairs-confirm" role="alertdialog" aria-label="Confirm remove">
						Unregister {model.name}? Its files stay on disk.
						<button type="button" className="danger" onClick={() => act('removing', () => api.call('model.remove', {id: model.id}).then(onRemoved))}>Remove</button>
						<button type="button" onClick={() => setConfirmRemove(false)}>Cancel</button>
					</span>
				)}
				{busy && <span className="muted" role="status">{busy}…</span>}
			</div>
			{error && <p className="error" role="alert">{error}</p>}
			<dl className="facts">
				<div><dt>path</dt><dd><PathText path={model.path}/></dd></div>
				<div><dt>kind</dt><dd>{model.kind === 'ppm' ? 'PPM (ONNX bundle)' : model.kind === 'lora' ? 'LoRA adapter (GGUF)' : 'policy (GGUF)'}</dd></div>
				<div><dt>state</dt><dd>{model.loaded ? `loaded on ${model.device ?? 'an unknown device'}` : 'not loaded'}</dd></div>
				<div><dt>sha256</dt><dd>{model.sha256
					? <><code className="models-sha" title={model.sha256}>{model.sha256}</code> <button type="button" className="models-copy" onClick={copy}>{copied ? 'copied' : 'copy'}</button></>
					: '—'}</dd></div>
				<div><dt>size</dt><dd>{fileSize(model.bytes)} ({model.bytes.toLocaleString('en-US')} bytes)</dd></div>
				<div><dt>architecture</dt><dd>{model.architecture ?? '—'}</dd></div>
				<div><dt>parameters</dt><dd>{model.parameters === null ? '—' : `${parameterCount(model.parameters)} (${model.parameters.toLocaleString('en-US')})`}{model.sizeLabel && ` · labelled ${model.sizeLabel}`}</dd></div>
				<div><dt>quantisation</dt><dd>{model.quantization ?? '—'}</dd></div>
				<div><dt>context</dt><dd>{model.contextLength?.toLocaleString('en-US') ?? '—'}</dd></div>
				<div><dt>vocabulary</dt><dd>{model.vocabularySize?.toLocaleString('en-US') ?? '—'}</dd></div>
				{model.kind !== 'ppm' && <div><dt>chat template</dt><dd>{model.chatTemplate ? <details><summary>present</summary><pre>{model.chatTemplate}</pre></details> : 'none'}</dd></div>}
				{model.promptFormat && <div><dt>prompt format</dt><dd>{model.promptFormat}</dd></div>}
				<div><dt>lineage</dt><dd>{model.lineage
					? <>
						{model.lineage.evolution} round {model.lineage.round}{model.lineage.initPath && <> from <PathText path={model.lineage.initPath}/></>}
						<ul className="models-data">{model.lineage.data.map(data => <li key={data.file}><PathText path={data.file}/> {data.rows !== null && <span className="muted">({data.rows} rows)</span>}</li>)}</ul>
					</>
					: model.builtin ? 'shipped with the app (resources/models/README.md)' : 'added by hand'}</dd></div>
				<div><dt>registered</dt><dd>{model.registeredAt.slice(0, 16).replace('T', ' ')}</dd></div>
			</dl>
			{model.kind !== 'ppm' && model.status === 'ok' && (
				<>
					<h3>Runtime settings</h3>
					<RuntimeSettingsForm key={model.id} model={model}/>
				</>
			)}
			<h3>Metadata</h3>
			{Object.keys(model.metadata).length === 0
				? <p className="muted">None could be read.</p>
				: (
					<table className="models-metadata">
						<tbody>
							{Object.entries(model.metadata).map(([key, value]) => <tr key={key}><th scope="row">{key}</th><td>{text(value)}</td></tr>)}
						</tbody>
					</table>
				)}
		</div>
	);
}
