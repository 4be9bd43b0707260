import {useEffect, useState, type ReactNode} from 'react';
import type {ApiParams, ApiResult} from '../../../src-main/contract/api';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import {searchPresets, type SearchPreset} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';
import {formError, type FormError} from '../../api/formError';

type StartParams = ApiParams<'evaluation.start'>;

/** The fields of the form, as typed: empty means "not given" (the server's default, or the preset's). */
interface FormValues {
	datasetId: string;
	level: string;
	perLevel: string;
	limit: string;
	policyPath: string;
	ppmPath: string;
	kind: 'greedy' | 'search';
	preset: SearchPreset | '';
	rollouts: string;
	candidates: string;
	concurrency: string;
}

const initial: FormValues = {
	datasetId: '', level: '', perLevel: '', limit: '', policyPath: '', ppmPath: '', kind: 'greedy', preset: 'rstar-eval-mcts', rollouts: '', candidates: '',
	concurrency: '2'
};

export interface EvaluationFormProps {
	onStarted(jobId: number): void;
}

/** Starts an evaluation as a job: which problems, which models, greedy or a search, and how many searches at once. */
export function EvaluationForm({onStarted}: EvaluationFormProps) {
	const api = useApi();
	const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
	const [info, setInfo] = useState<ApiResult<'app.info'> | null>(null);
	const [values, setValues] = useState<FormValues>(initial);
	const [error, setError] = useState<FormError | null>(null);
	const [starting, setStarting] = useState(false);
	const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues(previous => ({...previous, [key]: value}));

	useEffect(() => {
		api.call('dataset.list', {}).then(list => {
			setDatasets(list);
			setValues(previous => previous.datasetId === '' && list[0] ? {...previous, datasetId: String(list[0].id)} : previous);
		}, (failure: Error) => setError({field: 'datasetId', message: failure.message}));
		api.call('app.info', {}).then(setInfo, () => setInfo(null));
	}, [api]);
	const dataset = datasets.find(entry => String(entry.id) === values.datasetId);

	const start = async () => {
		const number = (text: string) => text.trim() === '' ? undefined : Number(text);
		const params: StartParams = {
			datasetId: Number(values.datasetId), kind: values.kind,
			...(values.level ? {level: values.level} : {}),
			...(number(values.perLevel) !== undefined ? {perLevel: number(values.perLevel)} : {}),
			...(number(values.limit) !== undefined ? {limit: number(values.limit)} : {}),
			...(values.policyPath.trim() ? {policyPath: values.policyPath.trim()} : {}),
			...(values.ppmPath.trim() ? {ppmPath: values.ppmPath.trim()} : {}),
			settings: {
				...(values.kind === 'search' && values.preset ? {preset: values.preset} : {}),
				...(values.kind === 'search' && number(values.rollouts) !== undefined ? {rollouts: number(values.rollouts)} : {}),
				...(values.kind === 'search' && number(values.candidates) !== undefined ? {candidates: number(values.candidates)} : {})
			},
			concurrency: number(values.concurrency)
		};
		setStarting(true);
		try {
			const {jobId} = await api.call('evaluation.start', params);
			setError(null);
			onStarted(jobId);
		} catch (failure) {
			setError(formError(failure));
		} finally {
			setStarting(false);
		}
	};

	// Fields the form shows; an error about another one shows below the form.
	const shown = ['datasetId', 'level', 'perLevel', 'limit', 'policyPath', 'ppmPath', 'concurrency', ...values.kind === 'search' ? ['preset', 'rollouts', 'candidates'] : []];
	const fieldError = (field: string) => error?.field === field ? <span className="field-error" role="alert">{error.message}</span> : null;
	const field = (name: keyof FormValues, label: string, control: ReactNode) => (
		<label className={error?.field === name ? 'field invalid' : 'field'}>
			<span>{label}</span>
			{control}
			{fieldError(name)}
		</label>
	);
	const text = (name: keyof FormValues, label: string, placeholder: string, type: 'text' | 'number' = 'number') => field(name, label,
		<input type={type} min={type === 'number' ? 1 : undefined} placeholder={placeholder} value={values[name]}
			onChange={event => set(name, event.target.value as never)} aria-label={label}/>);

	return (
		<form className="evaluation-form" onSubmit={event => {
			event.preventDefault();
			void start();
		}}>
			<h3>Problems</h3>
			{field('datasetId', 'Dataset', (
				<select value={values.datasetId} onChange={event => setValues(previous => ({...previous, datasetId: event.target.value, level: ''}))} aria-label="Dataset">
					{datasets.map(entry => <option key={entry.id} value={entry.id}>{entry.name} ({entry.problemCount})</option>)}
				</select>
			))}
			<div className="evaluation-form-row">
				{field('level', 'Level', (
					<select value={values.level} onChange={event => set('level', event.target.value)} aria-label="Level">
						<option value="">all</option>
						{dataset?.levels.map(level => <option key={level} value={level}>{level}</option>)}
					</select>
				))}
				{text('perLevel', 'Per level', 'all')}
				{text('limit', 'Limit', 'all')}
			</div>
			<h3>Models</h3>
			{text('policyPath', 'Policy (GGUF)', 'embedded default', 'text')}
			{field('ppmPath', 'PPM bundle folder', (
				<span className="evaluation-form-inline">
					<input type="text" placeholder="none" value={values.ppmPath} onChange={event => set('ppmPath', event.target.value)} aria-label="PPM bundle folder"/>
					{info && <button type="button" onClick={() => set('ppmPath', info.shippedModels.ppmPath)} title={info.shippedModels.ppmPath}>shipped</button>}
				</span>
			))}
			<h3>Run</h3>
			<div className="tabs" role="radiogroup" aria-label="Kind">
				{(['greedy', 'search'] as const).map(kind => (
					<button key={kind} type="button" role="radio" aria-checked={values.kind === kind}
						onClick={() => set('kind', kind)}>{kind === 'greedy' ? 'greedy (pass@1)' : 'search'}</button>
				))}
			</div>
			{values.kind === 'search' && (
				<>
					{field('preset', 'Method preset', (
						<select value={values.preset} onChange={event => set('preset', event.target.value as SearchPreset | '')} aria-label="Method preset">
							<option value="">no preset (the defaults)</option>
							{searchPresets.map(preset => <option key={preset} value={preset}>{preset}</option>)}
						</select>
					))}
					<div className="evaluation-form-row">
						{text('rollouts', 'Rollouts', 'preset\'s')}
						{text('candidates', 'Candidates', 'preset\'s')}
					</div>
				</>
			)}
			{text('concurrency', 'Searches at once', '2')}
			{error && !shown.includes(error.field ?? '') && <p className="error" role="alert">{error.field && `${error.field}: `}{error.message}</p>}
			<div className="run-buttons">
				<button type="submit" className="primary" disabled={starting || values.datasetId === ''}>Start evaluation</button>
			</div>
		</form>
	);
}
