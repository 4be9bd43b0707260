import {useEffect, useState} from 'react';
import type {ApiParams} from '../../../src-main/contract/api';
import type {DatasetSummary, ProblemSummary} from '../../../src-main/contract/datasets';
import {answerSelections, qModes, searchPresets, type SearchPreset, type SearchSettings, type SearchSettingsInput} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';
import {MathText} from '../../components/MathText';
import {startingSearchSettings} from '../../lib/startingSearchSettings';

/** The problem a search is about: a stored one, or a typed question with its optional answer. */
export type SearchTarget = {kind: 'problem'; problem: ProblemSummary} | {kind: 'typed'; question: string; answer: string};

export type StartParams = ApiParams<'search.start'>;

/** The settings the form shows; the rest keep the contract's defaults (or the preset's). */
const formKeys = ['mode', 'qMode', 'rollouts', 'candidates', 'beamWidth', 'beamCandidates', 'maxDepth', 'cPuct', 'errorThreshold', 'temperature',
	'useGroundTruth', 'answerSelection', 'seed'] as const;
type FormSettings = Pick<SearchSettings, (typeof formKeys)[number]> & {preset: SearchPreset | null};

/** The form's values for a preset and overrides (with no preset, a quick search). */
function formSettingsFor(defaults: SearchSettingsInput): FormSettings {
	const all = startingSearchSettings(defaults);
	return {...Object.fromEntries(formKeys.map(key => [key, all[key]])) as Pick<SearchSettings, (typeof formKeys)[number]>, preset: all.preset};
}

export interface SearchFormProps {
	/** The workbench's search defaults: the form's first values. */
	defaults: SearchSettingsInput;
	target: SearchTarget | null;
	onTargetChange(target: SearchTarget | null): void;
	running: boolean;
	onStart(params: StartParams): void;
	onStop(): void;
}

/** Pick a problem (from a dataset, or typed), the models and the search settings; run, stop, or run again with another seed. */
export function SearchForm({defaults, target, onTargetChange, running, onStart, onStop}: SearchFormProps) {
	const [settings, setSettings] = useState<FormSettings>(() => formSettingsFor(defaults));
	const [policyPath, setPolicyPath] = useState('');
	const [ppmPath, setPpmPath] = useState('');
	const set = <K extends keyof FormSettings>(key: K, value: FormSettings[K]) => setSettings(previous => ({...previous, [key]: value}));

	const start = (seed: number) => {
		if (!target)
			return;
		const problem = target.kind === 'problem'
			? {problemId: target.problem.id}
			: {question: target.question, answers: target.answer.trim() === '' ? [] : [target.answer.trim()]};
		onStart({
			...problem, settings: {...settings, seed},
			...(policyPath.trim() ? {policyPath: policyPath.trim()} : {}), ...(ppmPath.trim() ? {ppmPath: ppmPath.trim()} : {})
		});
	};

	const number = (key: 'rollouts' | 'candidates' | 'beamWidth' | 'beamCandidates' | 'maxDepth' | 'cPuct' | 'errorThreshold' | 'temperature' | 'seed', label: string, step = 1) => (
		<label className="field">
			<span>{label}</span>
			<input type="number" step={step} value={settings[key]} onChange={event => set(key, Number(event.target.value))} aria-label={label}/>
		</label>
	);

	return (
		<div className="search-form">
			<ProblemPicker target={target} onTargetChange={onTargetChange}/>
			<h3>Models</h3>
			<label className="field"><span>Policy (GGUF)</span>
				<input type="text" placeholder="embedded default" value={policyPath} onChange={event => setPolicyPath(event.target.value)} aria-label="Policy model path"/>
			</label>
			<label className="field"><span>PPM bundle folder (optional)</span>
				<input type="text" placeholder="none" value={ppmPath} onChange={event => setPpmPath(event.target.value)} aria-label="PPM bundle path"/>
			</label>
			<h3>Settings</h3>
			<label className="field"><span>Preset (the reference's configurations)</span>
				<select value={settings.preset ?? ''} onChange={event => setSettings(formSettingsFor({preset: event.target.value === '' ? null : event.target.value as SearchPreset, seed: settings.seed}))} aria-label="preset">
					<option value="">quick search (no preset)</option>
					{searchPresets.map(preset => <option key={preset} value={preset}>{preset}</option>)}
				</select>
			</label>
			<div className="settings-grid">
				<label className="field"><span>mode</span>
					<select value={settings.mode} onChange={event => set('mode', event.target.value as FormSettings['mode'])} aria-label="mode">
						<option value="mcts">MCTS</option><option value="beam">beam (needs a PPM)</option>
					</select>
				</label>
				<label className="field"><span>Q mode</span>
					<select value={settings.qMode} onChange={event => set('qMode', event.target.value as FormSettings['qMode'])} aria-label="Q mode">
						{qModes.map(mode => <option key={mode} value={mode}>{mode}</option>)}
					</select>
				</label>
				{settings.mode === 'mcts'
					? <>{number('rollouts', 'rollouts')}{number('candidates', 'candidates')}</>
					: <>{number('beamWidth', 'beam width (B1)')}{number('beamCandidates', 'candidates per step (B2)')}</>}
				{number('maxDepth', 'max depth')}
				{number('cPuct', 'c (UCT)', 0.1)}
				{number('errorThreshold', 'code errors in a row')}
				{number('temperature', 'temperature', 0.1)}
				<label className="field"><span>answer selection</span>
					<select value={settings.answerSelection} onChange={event => set('answerSelection', event.target.value as FormSettings['answerSelection'])} aria-label="answer selection">
						{answerSelections.map(rule => <option key={rule} value={rule}>{rule}</option>)}
					</select>
				</label>
				<label className="field checkbox"><input type="checkbox" checked={settings.useGroundTruth} onChange={event => set('useGroundTruth', event.target.checked)} aria-label="judge answers against the ground truth"/>
					<span>judge answers (±1)</span>
				</label>
				{number('seed', 'seed')}
			</div>
			<div className="run-buttons">
				{running
					? <button type="button" className="primary" onClick={onStop}>Stop</button>
					: <>
						<button type="button" className="primary" disabled={!target} onClick={() => start(settings.seed)}>Run search</button>
						<button type="button" disabled={!target} onClick={() => {
							set('seed', settings.seed + 1);
							start(settings.seed + 1);
						}}>Re-run, seed {settings.seed + 1}</button>
					</>}
			</div>
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
