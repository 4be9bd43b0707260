import {useEffect, useMemo, useState, type ReactNode} from 'react';
import type {ApiParams, ApiResult} from '../../../src-main/contract/api';
import type {DatasetSummary, ProblemSummary} from '../../../src-main/contract/datasets';
import type {ModelKind} from '../../../src-main/contract/models';
import {
	answerSelections, promptFormats, qModes, SearchSettings, searchPresets, type SearchPreset, type SearchSettingsInput, type SearchSummary
} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';
import {formError, type FormError} from '../../api/formError';
import {MathText} from '../../components/MathText';
import {RegisteredModelPaths} from '../../components/RegisteredModelPaths';
import {startingSearchSettings} from '../../lib/startingSearchSettings';

/** The problem a search is about: a stored one, or a typed question with its optional answer. */
export type SearchTarget = {kind: 'problem'; problem: ProblemSummary} | {kind: 'typed'; question: string; answer: string};

export type StartParams = ApiParams<'search.start'>;

type ShippedModels = ApiResult<'app.info'>['shippedModels'];

/** A model as the form picks it: the one shipped with the app, a file or folder of the user's, or (a PPM) none. */
interface ModelChoice {
	source: 'shipped' | 'path' | 'none';
	path: string;
}

/** The models a search named, as the form's choices: a path equal to the shipped model's is the shipped one. */
function modelChoices(search: Pick<SearchSummary, 'policyPath' | 'ppmPath'>, shipped: ShippedModels | null): {policy: ModelChoice; ppm: ModelChoice} {
	return {
		policy: search.policyPath === shipped?.policyPath ? {source: 'shipped', path: ''} : {source: 'path', path: search.policyPath},
		ppm: search.ppmPath === null ? {source: 'none', path: ''} : search.ppmPath === shipped?.ppmPath ? {source: 'shipped', path: ''} : {source: 'path', path: search.ppmPath}
	};
}

/** The first schema issue of each setting, by its name: what the form shows under the field. */
function settingIssues(settings: SearchSettings): Record<string, string> {
	const parsed = SearchSettings.safeParse(settings);
	const issues: Record<string, string> = {};
	for (const issue of parsed.success ? [] : parsed.error.issues)
		issues[String(issue.path[0])] ??= issue.message;
	return issues;
}

export interface SearchFormProps {
	/** The workbench's search defaults: the form's first values. */
	defaults: SearchSettingsInput;
	target: SearchTarget | null;
	onTargetChange(target: SearchTarget | null): void;
	/** A past search whose settings and models to load into the form (each new object loads once). */
	recall: SearchSummary | null;
	/** The open search runs (or waits for its model). */
	running: boolean;
	onStarted(searchId: number): void;
	onStop(): void;
}

/**
 * Pick a problem (from a dataset, or typed), the models (shipped, or files of your own) and every search setting —
 * from a preset, the workbench's defaults or a past search; run, stop, or run again with another seed. A setting the
 * contract refuses is named under its field before anything is sent; what the server refuses (a model, a question
 * over the policy's context) is shown under the field it names.
 */
export function SearchForm({defaults, target, onTargetChange, recall, running, onStarted, onStop}: SearchFormProps) {
	const api = useApi();
	const [settings, setSettings] = useState<SearchSettings>(() => startingSearchSettings(defaults));
	const [shipped, setShipped] = useState<ShippedModels | null>(null);
	const [policy, setPolicy] = useState<ModelChoice>({source: 'shipped', path: ''});
	const [ppm, setPpm] = useState<ModelChoice>({source: 'none', path: ''});
	const [failure, setFailure] = useState<FormError | null>(null);
	const [starting, setStarting] = useState(false);
	const [stopping, setStopping] = useState(false);
	const set = <K extends keyof SearchSettings>(key: K, value: SearchSettings[K]) => setSettings(previous => ({...previous, [key]: value}));
	const issues = useMemo(() => settingIssues(settings), [settings]);

	useEffect(() => {
		api.call('app.info', {}).then(info => setShipped(info.shippedModels), () => setShipped(null));
	}, [api]);
	useEffect(() => {
		if (!recall)
			return;
		setSettings(recall.settings);
		const choices = modelChoices(recall, shipped);
		setPolicy(choices.policy);
		setPpm(choices.ppm);
		setFailure(null);
	}, [recall]);
	// "Stopping…" lasts until the search reports that it ended.
	useEffect(() => {
		if (!running)
			setStopping(false);
	}, [running]);

	const start = (seed: number) => {
		if (!target)
			return;
		const problem = target.kind === 'problem'
			? {problemId: target.problem.id}
			: {question: target.question, answers: target.answer.trim() === '' ? [] : [target.answer.trim()]};
		const path = (choice: ModelChoice, shippedPath: string | undefined) =>
			choice.source === 'shipped' ? shippedPath : choice.source === 'path' && choice.path.trim() ? choice.path.trim() : undefined;
		const policyPath = path(policy, shipped?.policyPath);
		const ppmPath = path(ppm, shipped?.ppmPath);
		setFailure(null);
		setStarting(true);
		api.call('search.start', {...problem, settings: {...settings, seed}, ...policyPath ? {policyPath} : {}, ...ppmPath ? {ppmPath} : {}})
			.then(({searchId}) => onStarted(searchId), (error: unknown) => setFailure(formError(error)))
			.finally(() => setStarting(false));
	};

	const fieldError = (name: string) => {
		const message = failure?.field === name ? failure.message : issues[name] ? `${name}: ${issues[name]}` : null;
		return message ? <span className="field-error" role="alert">{message}</span> : null;
	};
	const field = (name: string, label: string, control: ReactNode) => (
		<label className={failure?.field === name || issues[name] ? 'field invalid' : 'field'}>
			<span>{label}</span>
			{control}
			{fieldError(name)}
		</label>
	);
	type NumberKey = {[K in keyof SearchSettings]: SearchSettings[K] extends number ? K : never}[keyof SearchSettings];
	const number = (key: NumberKey, label: string, step = 1) => field(key, label,
		<input type="number" step={step} value={Number.isNaN(settings[key]) ? '' : settings[key]} aria-label={label}
			onChange={event => set(key, event.target.value.trim() === '' ? Number.NaN : Number(event.target.value))}/>);
	const choice = <T extends string>(key: 'mode' | 'qMode' | 'answerSelection' | 'promptFormat', label: string, options: readonly T[], names: Partial<Record<T, string>> = {}) => field(key, label,
		<select value={settings[key]} onChange={event => set(key, event.target.value as never)} aria-label={label}>
			{options.map(option => <option key={option} value={option}>{names[option] ?? option}</option>)}
		</select>);
	const checkbox = (key: 'useGroundTruth' | 'reproducible', label: string, text: string) => (
		<label className="field checkbox"><input type="checkbox" checked={settings[key]} onChange={event => set(key, event.target.checked)} aria-label={label}/>
			<span>{text}</span>
		</label>
	);
	const valid = Object.keys(issues).length === 0;
	const beam = settings.mode === 'beam';

	return (
		<div className="search-form">
			<ProblemPicker target={target} onTargetChange={next => {
				setFailure(null);
				onTargetChange(next);
			}}/>
			{fieldError('question')}
			<h3>Models</h3>
			<ModelPicker label="Policy" kind="policy" shippedName={`embedded default (${shipped?.policyPath.split(/[\\/]/).at(-1) ?? 'policy'})`} shippedPath={shipped?.policyPath} value={policy}
				onChange={setPolicy} placeholder="/path/to/model.gguf" error={fieldError('policyPath')}/>
			<ModelPicker label="PPM" kind="ppm" shippedName="shipped tiny PPM" shippedPath={shipped?.ppmPath} value={ppm} onChange={setPpm}
				placeholder="/path/to/ppm-bundle" noneName="none" error={fieldError('ppmPath')}/>
			<h3>Settings</h3>
			<label className="field"><span>Preset (the reference's configurations)</span>
				<select value={settings.preset ?? ''} aria-label="preset"
					onChange={event => setSettings(startingSearchSettings({preset: event.target.value === '' ? null : event.target.value as SearchPreset, seed: settings.seed}))}>
					<option value="">quick search (no preset)</option>
					{searchPresets.map(preset => <option key={preset} value={preset}>{preset}</option>)}
				</select>
			</label>
			<div className="settings-grid">
				{choice('mode', 'mode', ['mcts', 'beam'] as const, {mcts: 'MCTS', beam: 'beam (needs a PPM)'})}
				{choice('qMode', 'Q mode', qModes)}
				{beam
					? <>{number('beamWidth', 'beam width (B1)')}{number('beamCandidates', 'candidates per step (B2)')}</>
					: <>{number('rollouts', 'rollouts')}{number('candidates', 'candidates')}</>}
				{number('maxDepth', 'max depth')}
				{!beam && number('cPuct', 'c (UCT)', 0.1)}
				{number('errorThreshold', 'code errors in a row')}
				{number('temperature', 'temperature', 0.1)}
				{number('topP', 'top-p', 0.05)}
				{number('topK', 'top-k (0: off)')}
				{number('maxStepTokens', 'tokens per step')}
				{number('stepDeadlineMs', 'step deadline (ms)', 1000)}
				{number('execTimeoutMs', 'code time limit (ms)', 1000)}
				{choice('answerSelection', 'answer selection', answerSelections)}
				{(settings.answerSelection === 'ppm-top-k-majority' || settings.answerSelection === 'ppm-weighted-vote') && number('voteTopK', 'vote among top k')}
				{choice('promptFormat', 'prompt format', promptFormats)}
				{checkbox('useGroundTruth', 'judge answers against the ground truth', 'judge answers (±1)')}
				{checkbox('reproducible', 'reproducible', 'reproducible (no prefix reuse)')}
				{number('seed', 'seed')}
			</div>
			{failure && failure.field === null && <p className="error" role="alert">{failure.message}</p>}
			<div className="run-buttons">
				{running
					? <button type="button" className="primary" disabled={stopping} onClick={() => {
						setStopping(true);
						onStop();
					}}>{stopping ? 'Stopping…' : 'Stop'}</button>
					: <>
						<button type="button" className="primary" disabled={!target || !valid || starting} onClick={() => start(settings.seed)}>Run search</button>
						<button type="button" disabled={!target || !valid || starting} onClick={() => {
							set('seed', settings.seed + 1);
							start(settings.seed + 1);
						}}>Re-run, seed {settings.seed + 1}</button>
					</>}
			</div>
			{starting && <p className="muted" role="status">loading the models…</p>}
			{stopping && <p className="muted" role="status">stopping… the search ends after the step in flight</p>}
		</div>
	);
}

interface ModelPickerProps {
	label: string;
	/** The registered models of this kind are offered as the path is typed. */
	kind: ModelKind;
	shippedName: string;
	/** Where the shipped model is: shown with it (unknown until the app says). */
	shippedPath: string | undefined;
	value: ModelChoice;
	onChange(value: ModelChoice): void;
	placeholder: string;
	/** Offered when the model is optional. */
	noneName?: string;
	error: ReactNode;
}

/** A model: the shipped one, a path of the user's (a registered model's, or any typed), or (when optional) none. */
function ModelPicker({label, kind, shippedName, shippedPath, value, onChange, placeholder, noneName, error}: ModelPickerProps) {
	return (
		<div className={error ? 'field model-picker invalid' : 'field model-picker'}>
			<span>{label}</span>
			<select value={value.source} onChange={event => onChange({...value, source: event.target.value as ModelChoice['source']})} aria-label={label}>
				{noneName && <option value="none">{noneName}</option>}
				<option value="shipped">{shippedName}</option>
				<option value="path">a file of mine…</option>
			</select>
			{value.source === 'shipped' && shippedPath && <span className="model-path" title={shippedPath}>{shippedPath}</span>}
			{value.source === 'path' && (
				<>
					<input type="text" placeholder={placeholder} value={value.path} onChange={event => onChange({...value, path: event.target.value})} aria-label={`${label} path`}
						list={`registered-${kind}`}/>
					<RegisteredModelPaths id={`registered-${kind}`} kind={kind}/>
				</>
			)}
			{error}
		</div>
	);
}

/** A problem from a dataset (searched by words), or a question typed in with an optional answer. */
function ProblemPicker({target, onTargetChange}: Pick<SearchFormProps, 'target' | 'onTargetChange'>) {
	const api = useApi();
	const [source, setSource] = useState<'dataset' | 'typed'>(target?.kind === 'typed' ? 'typed' : 'dataset');
	const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
	const [datasetId, setDatasetId] = useState<number | undefined>(undefined);
	const [text, setText] = useState('');
	const [rows, setRows] = useState<ProblemSummary[]>([]);
	const [question, setQuestion] = useState('');
	const [answer, setAnswer] = useState('');

	useEffect(() => {
		api.call('dataset.list', {}).then(setDatasets, () => setDatasets([]));
	}, [api]);
	useEffect(() => {
		if (source !== 'dataset')
			return;
		let current = true;
		api.call('problem.list', {datasetId, text: text.trim() || undefined, limit: 30}).then(page => current && setRows(page.rows), () => current && setRows([]));
		return () => {
			current = false;
		};
	}, [api, source, datasetId, text]);

	return (
		<div className="problem-picker">
			<h3>Problem</h3>
			<div className="tabs" role="tablist">
				<button type="button" role="tab" aria-selected={source === 'dataset'} onClick={() => setSource('dataset')}>From a dataset</button>
				<button type="button" role="tab" aria-selected={source === 'typed'} onClick={() => setSource('typed')}>Type one</button>
			</div>
			{source === 'dataset'
				? (
					<>
						<select value={datasetId ?? ''} onChange={event => setDatasetId(event.target.value === '' ? undefined : Number(event.target.value))} aria-label="Dataset">
							<option value="">All datasets</option>
							{datasets.map(dataset => <option key={dataset.id} value={dataset.id}>{dataset.name}</option>)}
						</select>
						<input type="search" placeholder="words in the question" value={text} onChange={event => setText(event.target.value)} aria-label="Find a problem"/>
						<ul className="problem-choices" aria-label="Problems">
							{rows.map(row => (
								<li key={row.id}>
									<button type="button" className={target?.kind === 'problem' && target.problem.id === row.id ? 'choice active' : 'choice'}
										onClick={() => onTargetChange({kind: 'problem', problem: row})}>
										<span className="muted">{row.datasetName} #{row.sourceIndex ?? row.ordinal}</span> {row.question.slice(0, 120)}
									</button>
								</li>
							))}
						</ul>
					</>
				)
				: (
					<form onSubmit={event => {
						event.preventDefault();
						if (question.trim())
							onTargetChange({kind: 'typed', question: question.trim(), answer});
					}}>
						<textarea rows={4} placeholder="the question (LaTeX in $…$)" value={question} onChange={event => setQuestion(event.target.value)} aria-label="Question"/>
						<input type="text" placeholder="answer (optional)" value={answer} onChange={event => setAnswer(event.target.value)} aria-label="Answer"/>
						<button type="submit" disabled={!question.trim()}>Use this question</button>
					</form>
				)}
			{target && (
				<div className="target" data-testid="search-target">
					<MathText text={target.kind === 'problem' ? target.problem.question : target.question}/>
					<p className="muted">answer: {(target.kind === 'problem' ? target.problem.answers.join(' | ') : target.answer) || 'none (no ground truth)'}</p>
				</div>
			)}
		</div>
	);
}
