import {useEffect, useState} from 'react';
import type {ApiResult} from '../../../src-main/contract/api';
import {useApi} from '../../api/ApiContext';
import {saveFile} from '../../lib/saveFile';
import {reasonLabels} from './labelKeys';

type Summary = ApiResult<'label.list'>[number];

/**
 * The trajectories that have step labels, by anyone, each with a link to continue it; and the export of the finished
 * ones as TRL's stepwise JSONL with its manifest beside it.
 */
export function LabelledTrajectories() {
	const api = useApi();
	const [summaries, setSummaries] = useState<Summary[] | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [neutral, setNeutral] = useState<'positive' | 'negative'>('positive');
	const [exporting, setExporting] = useState(false);

	useEffect(() => {
		let live = true;
		api.call('label.list', {}).then(list => live && setSummaries(list), (failure: Error) => live && setError(failure.message));
		return () => {
			live = false;
		};
	}, [api]);

	const exportLabels = () => {
		setExporting(true);
		setError(null);
		api.call('label.export', {neutral}).then(exported => {
			saveFile(exported.fileName, exported.content, 'application/jsonl');
			saveFile(`${exported.fileName}.manifest.json`, JSON.stringify(exported.manifest, null, '\t'));
		}, (failure: Error) => setError(failure.message)).finally(() => setExporting(false));
	};

	return (
		<section className="labelled" aria-label="Labelled trajectories">
			<header className="labelled-head">
				<h2>Labelled trajectories</h2>
				<label>neutral (0) steps count as <select value={neutral} onChange={event => setNeutral(event.target.value as 'positive' | 'negative')}>
					<option value="positive">positive</option>
					<option value="negative">negative</option>
				</select></label>
				<button type="button" disabled={exporting} onClick={exportLabels}>Export stepwise JSONL</button>
			</header>
			<p className="muted">Open a step on the Search page and press “Label steps” to label its trajectory; finished trajectories are exported.</p>
			{error && <p className="error" role="alert">{error}</p>}
			{summaries === null && !error && <p className="muted">loading…</p>}
			{summaries?.length === 0 && <p className="muted">No step labels yet.</p>}
			{summaries && summaries.length > 0 && (
				<table className="labelled-table">
					<thead>
						<tr><th>search</th><th>leaf</th><th>labeller</th><th>rated</th><th>first wrong</th><th>finished</th><th>updated</th><th/></tr>
					</thead>
					<tbody>
						{summaries.map(summary => (
							<tr key={`${summary.searchId}/${summary.leafId}/${summary.labeller}`} data-testid="labelled-row">
								<td>#{summary.searchId}</td>
								<td>#{summary.leafId}</td>
								<td>{summary.labeller}</td>
								<td>{summary.rated} / {summary.steps}</td>
								<td>{summary.firstWrongStep === null ? '—' : `step #${summary.firstWrongStep}`}</td>
								<td>{summary.reason ? reasonLabels[summary.reason] : <span className="muted">not yet</span>}</td>
								<td>{new Date(summary.updatedAt).toLocaleString()}</td>
								<td><a href={`#/pairs?tab=labels&search=${summary.searchId}&leaf=${summary.leafId}`}>{summary.reason ? 'Open' : 'Continue'}</a></td>
							</tr>
						))}
					</tbody>
				</table>
			)}
		</section>
	);
}
