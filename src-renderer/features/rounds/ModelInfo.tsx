import type {TrainedModel} from '../../../src-main/contract/rounds';
import {PathText} from '../../components/PathText';

interface DataLineage {
	file?: string;
	rows?: number;
	heldOutRows?: number;
	sources?: {file: string; rows: number}[];
}

/** A model a round trained (or kept from an earlier round), in place: its file, checksum, what it started from, and the data it was trained on. */
export function ModelInfo({model, label, roundId}: {model: TrainedModel; label: string; roundId: number}) {
	const data = model.data as DataLineage;
	const steps = typeof model.training.steps === 'number' ? model.training.steps : null;
	return (
		<div className="model-info" aria-label={label}>
			<dl className="facts">
				<div><dt>{label}</dt><dd><PathText path={model.path}/></dd></div>
				<div><dt>sha256</dt><dd><code title={model.sha256}>{model.sha256.slice(0, 16)}…</code></dd></div>
				<div><dt>started from</dt><dd>{model.initPath ? <PathText path={model.initPath}/> : <span className="muted">fresh weights</span>}</dd></div>
				<div><dt>trained on</dt><dd>
					{data.rows ?? '?'} rows{data.heldOutRows ? `, ${data.heldOutRows} held out` : ''}{steps === null ? '' : `, ${steps} steps`}
					{model.roundId !== roundId && <span className="muted"> (kept: trained by an earlier round)</span>}
				</dd></div>
				{data.sources && data.sources.length > 1 && (
					<div><dt>sources</dt><dd><ul className="plain">{data.sources.map(source => <li key={source.file}><PathText path={source.file}/> <span className="muted">{source.rows} rows</span></li>)}</ul></dd></div>
				)}
			</dl>
		</div>
	);
}
