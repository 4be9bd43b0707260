import {useState} from 'react';
import {ModelRuntimeSettings, type RegisteredModel} from '../../../src-main/contract/models';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';

const fields: readonly {key: keyof ModelRuntimeSettings; label: string; hint: string}[] = [
	{key: 'gpuLayers', label: 'GPU layers', hint: 'auto or a count; 0: CPU only'},
	{key: 'contextSize', label: 'context size', hint: 'tokens, at least 256'},
	{key: 'sequences', label: 'sequences', hint: 'most candidates sampled at once'},
	{key: 'threads', label: 'threads', hint: 'CPU threads'}
];

type Texts = Record<keyof ModelRuntimeSettings, string>;

const textsOf = (runtime: ModelRuntimeSettings): Texts => ({
	gpuLayers: String(runtime.gpuLayers ?? ''), contextSize: String(runtime.contextSize ?? ''), sequences: String(runtime.sequences ?? ''), threads: String(runtime.threads ?? '')
});

/** The typed texts as the contract takes them: empty is unset (the app's setting), `auto` stays a word, the rest numbers. */
function settingsOf(texts: Texts): Record<string, unknown> {
	return Object.fromEntries(Object.entries(texts).filter(([, text]) => text.trim() !== '').map(([key, text]) => [key, text.trim() === 'auto' ? 'auto' : Number(text)]));
}

/** A policy's runtime settings, checked by the contract's schema as typed; saved for its next load. */
export function RuntimeSettingsForm({model}: {model: RegisteredModel}) {
	const api = useApi();
	const [texts, setTexts] = useState(() => textsOf(model.runtime));
	const [saved, setSaved] = useState<string | null>(null);
	const [failure, setFailure] = useState<{field: string | null; message: string} | null>(null);
	const checked = ModelRuntimeSettings.safeParse(settingsOf(texts));
	const issues = new Map(checked.success ? [] : checked.error.issues.map(issue => [String(issue.path[0]), issue.message]));
	const save = (event: React.FormEvent) => {
		event.preventDefault();
		if (!checked.success)
			return;
		setSaved(null);
		api.call('model.setRuntime', {id: model.id, ...checked.data}).then(() => {
			setFailure(null);
			setSaved(model.loaded ? 'saved — unload and load again to use them' : 'saved — used from the next load');
		}, error => setFailure(formError(error)));
	};
	return (
		<form className="models-runtime-form" onSubmit={save} aria-label="Runtime settings">
			{fields.map(({key, label, hint}) => {
				const error = issues.get(key) ?? (failure?.field === key ? failure.message : undefined);
				return (
					<label key={key} className={error ? 'field invalid' : 'field'}>
						<span>{label}</span>
						<input type="text" value={texts[key]} placeholder="app's" aria-label={label} aria-invalid={error !== undefined}
							onChange={event => setTexts({...texts, [key]: event.target.value})}/>
						{error ? <small className="field-error">{error}</small> : <small className="muted">{hint}</small>}
					</label>
				);
			})}
			<div className="models-runtime-save">
				<button type="submit" disabled={!checked.success}>Save settings</button>
				{saved && <span className="muted" role="status">{saved}</span>}
				{failure && failure.field === null && <span className="error" role="alert">{failure.message}</span>}
			</div>
		</form>
	);
}
