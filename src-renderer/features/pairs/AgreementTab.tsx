import {useCallback, useEffect, useState} from 'react';
import type {Agreement, AgreementReport, AgreementSample, PairView} from '../../../src-main/contract/curation';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {formError, type FormError} from '../../api/formError';
import {ProgressBar} from '../../components/ProgressBar';
import type {BlindRun} from './PairFocus';
import {viewFilters} from './viewFilters';

export interface AgreementTabProps {
	/** The queue's current view: a new sample is drawn from the pairs it matches. */
	view: PairView;
	labeller: string;
	/** Opens a sample's item in the focus view, blind, for one of its labellers. */
	onLabelBlind(pairId: number, blind: BlindRun): void;
}

/** Agreement samples: draw one from the queue's view, label it blind, read how far labellers, the PPM and repeats agree. */
export function AgreementTab({view, labeller, onLabelBlind}: AgreementTabProps) {
	const api = useApi();
	const [samples, setSamples] = useState<AgreementSample[]>([]);
	const [report, setReport] = useState<AgreementReport | null>(null);
	const [error, setError] = useState<string | null>(null);
	const load = useCallback(() => {
		api.call('agreement.list', {}).then(setSamples, (failure: unknown) => setError(formError(failure).message));
	}, [api]);
	useEffect(load, [load]);
	useApiEvents(message => {
		if (message.event === 'pairs.changed')
			load();
	});
	const labelBlind = (blind: BlindRun) => {
		setError(null);
		api.call('agreement.next', blind).then(next => {
			if (next.pairId === null)
				setError(`Nothing left for ${blind.labeller} in this sample.`);
			else
				onLabelBlind(next.pairId, blind);
		}, (failure: unknown) => setError(formError(failure).message));
	};
	const openReport = (sampleId: number) => {
		api.call('agreement.report', {sampleId}).then(setReport, (failure: unknown) => setError(formError(failure).message));
	};

	return (
		<div className="pairs-agreement">
			<SampleForm view={view} labeller={labeller} onStarted={load}/>
			{error && <p className="error" role="alert">{error}</p>}
			<section aria-label="Agreement samples">
				<h3>Samples ({samples.length})</h3>
				{samples.length === 0 && <p className="muted">None yet: draw one above.</p>}
				<ul className="pairs-samples">
					{samples.map(sample => (
						<li key={sample.id} data-testid="agreement-sample">
							<b>{sample.name || `sample ${sample.id}`}</b>
							<span className="muted"> {sample.size} pairs · k {sample.k} · {sample.labelled} of {sample.assigned} labelled</span>
							<ProgressBar done={sample.labelled} total={sample.assigned} label={`sample ${sample.id} labelled`}/>
							<span className="inline">
								{sample.labellers.map(name => (
									<button key={name} type="button" onClick={() => labelBlind({sampleId: sample.id, labeller: name})}>Label blind as {name}</button>
								))}
								<button type="button" onClick={() => openReport(sample.id)}>Report</button>
							</span>
						</li>
					))}
				</ul>
			</section>
			{report && <AgreementTable report={report}/>}
		</div>
	);
}

function SampleForm({view, labeller, onStarted}: {view: PairView; labeller: string; onStarted(): void}) {
	const api = useApi();
	const [name, setName] = useState('');
	const [size, setSize] = useState('50');
	const [seed, setSeed] = useState('1');
	const [labellers, setLabellers] = useState(labeller);
	const [k, setK] = useState('1');
	const [error, setError] = useState<FormError | null>(null);
	const start = () => {
		setError(null);
		api.call('agreement.start', {
			...viewFilters(view), name, size: Number(size), seed: Number(seed), k: Number(k),
			labellers: labellers.split(',').map(one => one.trim()).filter(one => one !== '')
		}).then(() => {
			setName('');
			onStarted();
		}, (failure: unknown) => setError(formError(failure)));
	};
	const field = (label: string, key: string, value: string, set: (value: string) => void, type = 'number') => (
		<label className="pairs-field">
			{label}
			<input type={type} value={value} onChange={event => set(event.target.value)} aria-invalid={error?.field === key}/>
		</label>
	);
	return (
		<form className="pairs-sample-form" aria-label="New agreement sample" onSubmit={event => {
			event.preventDefault();
			start();
		}}>
			<h3>New sample from the queue's current view</h3>
			{field('name', 'name', name, setName, 'text')}
			{field('size', 'size', size, setSize)}
			{field('seed', 'seed', seed, setSeed)}
			{field('labellers (comma separated)', 'labellers', labellers, setLabellers, 'text')}
			{field('k (labellers per item)', 'k', k, setK)}
			<button type="submit">Draw sample</button>
			{error && <span className="error" role="alert">{error.field ? `${error.field}: ` : ''}{error.message}</span>}
		</form>
	);
}

function cells(agreement: Agreement) {
	const percent = agreement.raw === null ? '—' : `${(agreement.raw * 100).toFixed(0)} %`;
	return [String(agreement.n), percent, agreement.kappa === null ? '—' : agreement.kappa.toFixed(2)];
}

/** The report: per round and overall, self-agreement, agreement with the PPM and between labellers (n, raw %, Cohen's κ). */
function AgreementTable({report}: {report: AgreementReport}) {
	const rows = [...report.rows, {...report.overall, label: 'overall'}];
	return (
		<section aria-label="Agreement report">
			<h3>Report: {report.sample.name || `sample ${report.sample.id}`}</h3>
			<table className="pairs-report">
				<thead>
					<tr><th rowSpan={2}>round</th><th colSpan={3}>self</th><th colSpan={3}>with the PPM</th><th colSpan={3}>between labellers</th></tr>
					<tr>{['self', 'ppm', 'between'].flatMap(kind => ['n', 'raw', 'κ'].map(head => <th key={`${kind}${head}`}>{head}</th>))}</tr>
				</thead>
				<tbody>
					{rows.map(row => (
						<tr key={row.label} data-testid="agreement-row">
							<th>{row.label}</th>
							{[row.self, row.ppm, row.between].flatMap((agreement, i) => cells(agreement).map((cell, j) => <td key={`${i}${j}`}>{cell}</td>))}
						</tr>
					))}
				</tbody>
			</table>
		</section>
	);
}
