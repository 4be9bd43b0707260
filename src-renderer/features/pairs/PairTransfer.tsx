import {useState} from 'react';
import {pairExportLayouts, pairExportScopes, type PairFilters} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';
import {saveFile} from '../../lib/saveFile';

type ImportReport = {imported: number; duplicates: number; refused: {line: number; message: string}[]; refusedTotal: number};

/** Export of the filtered set (JSONL and its manifest beside it) and import of a JSONL file of pairs. */
export function PairTransfer({filters, labeller}: {filters: PairFilters; labeller: string}) {
	const api = useApi();
	const [layout, setLayout] = useState<(typeof pairExportLayouts)[number]>('reference');
	const [scope, setScope] = useState<(typeof pairExportScopes)[number]>('curated');
	const [error, setError] = useState<string | null>(null);
	const [exported, setExported] = useState<string | null>(null);
	const [report, setReport] = useState<ImportReport | null>(null);

	const exportPairs = () => {
		setError(null);
		api.call('pair.export', {...filters, layout, scope}).then(file => {
			saveFile(file.fileName, file.content, 'application/x-ndjson');
			saveFile(`${file.fileName.replace(/\.jsonl$/, '')}.manifest.json`, JSON.stringify(file.manifest, null, '\t'));
			setExported(`Exported ${file.manifest.rows} pair${file.manifest.rows === 1 ? '' : 's'} to ${file.fileName}.`);
		}, (failure: unknown) => setError(formError(failure).message));
	};
	const importFile = async (file: File) => {
		setError(null);
		setReport(null);
		try {
			setReport(await api.call('pair.import', {fileName: file.name, content: await file.text(), author: labeller}));
		} catch (failure) {
			setError(formError(failure).message);
		}
	};

	return (
		<div className="pairs-actions" role="group" aria-label="Export and import">
			<select aria-label="Export layout" value={layout} onChange={event => setLayout(event.target.value as typeof layout)}>
				<option value="reference">reference layout</option>
				<option value="trl">TRL layout</option>
			</select>
			<select aria-label="Export scope" value={scope} onChange={event => setScope(event.target.value as typeof scope)}>
				<option value="curated">curated (pending too)</option>
				<option value="judged">judged only</option>
			</select>
			<button type="button" onClick={exportPairs}>Export</button>
			<label className={labeller === '' ? 'pairs-file disabled' : 'pairs-file'}>
				Import JSONL…
				<input type="file" accept=".jsonl,.json,.txt" data-testid="pair-import-file" disabled={labeller === ''} onChange={event => {
					const file = event.target.files?.[0];
					event.target.value = '';
					if (file)
						void importFile(file);
				}}/>
			</label>
			{exported && <span className="muted" role="status">{exported}</span>}
			{report && (
				<span className="muted" role="status" data-testid="import-report">
					Imported {report.imported}, {report.duplicates} duplicate{report.duplicates === 1 ? '' : 's'}, {report.refusedTotal} refused
					{report.refused.length > 0 && `: ${report.refused.slice(0, 5).map(line => `line ${line.line}: ${line.message}`).join('; ')}`}
				</span>
			)}
			{error && <span className="error" role="alert">{error}</span>}
		</div>
	);
}
