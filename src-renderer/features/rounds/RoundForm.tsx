import {useState} from 'react';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import type {RoundCreateParams, RoundView} from '../../../src-main/contract/rounds';
import {useApi} from '../../api/ApiContext';
import {PathText} from '../../components/PathText';
import {RegisteredModelPaths} from '../../components/RegisteredModelPaths';
import {resolvedValue, roundFields, withEdits, type RoundField} from './roundFields';
import {useRoundPreview} from './useRoundPreview';

const groups = ['Search', 'Extraction', 'Training', 'Evaluation'] as const;
/** The pool a first round gets unless another is picked: the tiny curriculum the shipped models were trained for. */
const defaultPool = 'tiny-curriculum-train';

export interface RoundFormProps {
	datasets: readonly DatasetSummary[];
	/** The evolutions that have rounds: a round of one of them inherits its previous round's settings. */
	evolutions: readonly string[];
	evolution: string;
	onCreated(round: RoundView): void;
	/** Closes the form; absent while there is no round to go back to. */
	onCancel?(): void;
}

/**
 * Create a round: the evolution, the pool (dataset, levels, a cap per level, a sample), the models and the settings.
 * Every field shows what the round would get (`round.preview`: the paper's schedule, the previous round's settings);
 * only the fields changed here are sent, so the rest keeps following the schedule.
 */
export function RoundForm({datasets, evolutions, evolution: initialEvolution, onCreated, onCancel}: RoundFormProps) {
	const api = useApi();
	const [evolution, setEvolution] = useState(initialEvolution);
	const continues = evolutions.includes(evolution.trim());
	const [poolDatasetId, setPoolDatasetId] = useState<number | null>(null);
	const [levels, setLevels] = useState<string[] | null>(null);
	const [perLevel, setPerLevel] = useState('');
	const [sample, setSample] = useState('');
	const [policyPath, setPolicyPath] = useState('');
	const [ppmPath, setPpmPath] = useState('');
	const [noPpm, setNoPpm] = useState(false);
	const [evalDatasetIds, setEvalDatasetIds] = useState<number[] | null>(null);
	const [edits, setEdits] = useState<Record<string, string>>({});
	const [error, setError] = useState<string | null>(null);
	const [creating, setCreating] = useState(false);

	// A new evolution needs a pool: the tiny curriculum where there is one; a continued one inherits its pool.
	const pool = poolDatasetId ?? (continues ? null : (datasets.find(dataset => dataset.name === defaultPool) ?? datasets[0])?.id ?? null);
	const params: RoundCreateParams = withEdits({
		evolution: evolution.trim(),
		...pool !== null && {poolDatasetId: pool},
		...levels !== null && levels.length > 0 && {levels},
		...perLevel.trim() !== '' && {perLevel: Number(perLevel)},
		...sample.trim() !== '' && {sample: Number(sample)},
		...policyPath.trim() !== '' && {policyPath: policyPath.trim()},
		...noPpm ? {ppmPath: null} : ppmPath.trim() !== '' ? {ppmPath: ppmPath.trim()} : {},
		...evalDatasetIds !== null && {evaluation: {datasetIds: evalDatasetIds}}
	}, edits);
	const {preview, error: previewError} = useRoundPreview(params);
	const poolDataset = datasets.find(dataset => dataset.id === (pool ?? preview?.pool.datasetId));
	const checkedLevels = levels ?? preview?.pool.levels ?? [];

	const create = () => {
		setError(null);
		setCreating(true);
		api.call('round.create', params).then(onCreated, (failure: Error) => setError(failure.message)).finally(() => setCreating(false));
	};
	const edit = (field: RoundField, value: string) => setEdits(previous => ({...previous, [field.label]: value}));
	const fieldInput = (field: RoundField) => {
		const value = edits[field.label] ?? resolvedValue(field, preview);
		const changed = edits[field.label] !== undefined;
		const className = changed ? 'field changed' : 'field';
		if (field.input === 'checkbox')
			return (
				<label key={field.label} className={`${className} checkbox`}>
					<input type="checkbox" checked={value === 'true'} onChange={event => edit(field, String(event.target.checked))} aria-label={field.label}/>
					<span>{field.label}</span>
				</label>
			);
		return (
			<label key={field.label} className={className}>
				<span>{field.label}</span>
				{field.input === 'select'
					? <select value={value} onChange={event => edit(field, event.target.value)} aria-label={field.label}>
						{value === '' && <option value="">—</option>}
						{field.options!.map(option => <option key={option} value={option}>{option}</option>)}
					</select>
					: <input type={field.input === 'number' ? 'number' : 'text'} step={field.step} value={value}
						placeholder={field.input === 'path' ? 'none' : 'default'} onChange={event => edit(field, event.target.value)} aria-label={field.label}/>}
			</label>
		);
	};

	return (
		<form className="round-form" aria-label="New round" noValidate onSubmit={event => {
			event.preventDefault();
			create();
		}}>
			<h1>New round</h1>
			<div className="form-grid">
				<label className="field"><span>evolution</span>
					<input type="text" list="round-evolutions" value={evolution} onChange={event => setEvolution(event.target.value)} aria-label="evolution"/>
					<datalist id="round-evolutions">{evolutions.map(name => <option key={name} value={name}/>)}</datalist>
				</label>
				<p className="form-note muted">
					{preview
						? <>Round <strong data-testid="preview-number">{preview.number}</strong> of {preview.evolution}{continues ? ': settings not changed here are its previous round\'s' : ': a new evolution'}.</>
						: '…'}
				</p>
			</div>

			<fieldset>
				<legend>Pool</legend>
				<div className="form-grid">
					<label className="field wide"><span>dataset</span>
						<select value={pool ?? ''} onChange={event => {
							setPoolDatasetId(event.target.value === '' ? null : Number(event.target.value));
							setLevels(null);
						}} aria-label="pool dataset">
							{continues && <option value="">the previous round's</option>}
							{datasets.map(dataset => <option key={dataset.id} value={dataset.id}>{dataset.name} ({dataset.problemCount})</option>)}
						</select>
					</label>
					<label className="field"><span>at most per level</span>
						<input type="number" min={1} value={perLevel} placeholder={preview?.pool.perLevel?.toString() ?? 'all'} onChange={event => setPerLevel(event.target.value)} aria-label="per level"/>
					</label>
					<label className="field"><span>sample size</span>
						<input type="number" min={1} value={sample} placeholder={preview?.pool.sample?.toString() ?? 'all'} onChange={event => setSample(event.target.value)} aria-label="sample size"/>
					</label>
				</div>
				{poolDataset && poolDataset.levels.length > 0 && (
					<div className="level-choices" role="group" aria-label="Levels">
						<span className="muted">levels (none ticked: all)</span>
						{poolDataset.levels.map(level => (
							<label key={level} className="check">
								<input type="checkbox" checked={checkedLevels.includes(level)} aria-label={level} onChange={event => setLevels(
									event.target.checked ? [...checkedLevels, level] : checkedLevels.filter(other => other !== level))}/>
								{level}
							</label>
						))}
					</div>
				)}
			</fieldset>

			<fieldset>
				<legend>Models</legend>
				<div className="form-grid">
					<label className="field wide"><span>policy (GGUF)</span>
						<input type="text" value={policyPath} placeholder={preview?.policyPath ?? 'the schedule\'s'} title={preview?.policyPath} onChange={event => setPolicyPath(event.target.value)} aria-label="policy path" list="round-policies"/>
						<RegisteredModelPaths id="round-policies" kind="policy"/>
					</label>
					<label className="field wide"><span>PPM (bundle folder)</span>
						<input type="text" value={ppmPath} disabled={noPpm} placeholder={preview ? preview.ppmPath ?? 'none' : 'the schedule\'s'} title={preview?.ppmPath ?? undefined} onChange={event => setPpmPath(event.target.value)} aria-label="PPM path" list="round-ppms"/>
						<RegisteredModelPaths id="round-ppms" kind="ppm"/>
					</label>
					<label className="field checkbox"><input type="checkbox" checked={noPpm} onChange={event => setNoPpm(event.target.checked)} aria-label="no PPM"/><span>no PPM</span></label>
				</div>
			</fieldset>

			{groups.map(group => (
				<fieldset key={group}>
					<legend>{group}</legend>
					<div className="form-grid">
						{roundFields.filter(field => field.group === group).map(fieldInput)}
						{group === 'Evaluation' && (
							<label className="field wide"><span>evaluate on</span>
								<select multiple size={3} value={(evalDatasetIds ?? preview?.evaluation.datasetIds ?? []).map(String)} aria-label="evaluation datasets"
									onChange={event => setEvalDatasetIds([...event.target.selectedOptions].map(option => Number(option.value)))}>
									{datasets.map(dataset => <option key={dataset.id} value={dataset.id}>{dataset.name}</option>)}
								</select>
							</label>
						)}
					</div>
				</fieldset>
			))}

			{preview && (
				<dl className="facts preview" aria-label="What the round gets">
					<div><dt>searches with</dt><dd><PathText path={preview.policyPath}/></dd></div>
					<div><dt>PPM</dt><dd>{preview.ppmPath ? <PathText path={preview.ppmPath}/> : 'none'}</dd></div>
					<div><dt>preset</dt><dd>{preview.settings.preset ?? 'none'} · {preview.settings.qMode}</dd></div>
				</dl>
			)}
			{previewError && <p className="error" role="alert" data-testid="preview-error">{previewError}</p>}
			{error && <p className="error" role="alert">{error}</p>}
			<div className="run-buttons">
				<button type="submit" className="primary" disabled={creating || evolution.trim() === ''}>Create round{preview ? ` ${preview.number}` : ''}</button>
				{onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
			</div>
		</form>
	);
}
