import {parameterCount, type RegisteredModel} from '../../../src-main/contract/models';
import {fileSize} from './fileSize';

/** The table's columns in the order shown (a narrow window leaves some out: styles.css). */
const columns: readonly {id: string; label: string; cell(model: RegisteredModel): string}[] = [
	{id: 'name', label: 'name', cell: model => model.name},
	{id: 'kind', label: 'kind', cell: model => model.kind},
	{id: 'arch', label: 'arch', cell: model => model.architecture ?? '—'},
	{id: 'params', label: 'params', cell: model => parameterCount(model.parameters)},
	{id: 'quant', label: 'quant', cell: model => model.quantization ?? '—'},
	{id: 'context', label: 'context', cell: model => model.contextLength?.toLocaleString('en-US') ?? '—'},
	{id: 'vocab', label: 'vocab', cell: model => model.vocabularySize?.toLocaleString('en-US') ?? '—'},
	{id: 'size', label: 'size', cell: model => fileSize(model.bytes)},
	{id: 'sha', label: 'sha256', cell: model => model.sha256?.slice(0, 10) ?? '—'},
	{id: 'lineage', label: 'lineage', cell: model => model.lineage ? `${model.lineage.evolution} r${model.lineage.round}` : model.builtin ? 'shipped' : 'added'}
];

export interface ModelTableProps {
	models: readonly RegisteredModel[];
	selectedId: number | null;
	onSelect(id: number): void;
}

/** The registered models; a row opens its details. A model that could not be read says why in its row. */
export function ModelTable({models, selectedId, onSelect}: ModelTableProps) {
	return (
		<div className="models-table" role="table" aria-label="Registered models">
			<div className="models-row models-head" role="row">
				{columns.map(column => <span key={column.id} role="columnheader" className={`models-col-${column.id}`}>{column.label}</span>)}
				<span role="columnheader">status</span>
			</div>
			{models.map(model => (
				<div key={model.id} role="row" tabIndex={0} data-testid="model-row" aria-selected={model.id === selectedId}
					className={`models-row${model.id === selectedId ? ' selected' : ''}${model.status === 'error' ? ' broken' : ''}`}
					onClick={() => onSelect(model.id)} onKeyDown={event => event.key === 'Enter' && onSelect(model.id)}>
					{columns.map(column => (
						<span key={column.id} role="cell" className={`models-col-${column.id}`} title={column.id === 'name' ? model.path : column.id === 'sha' ? model.sha256 ?? undefined : undefined}>
							{column.cell(model)}{column.id === 'name' && model.builtin && <span className="badge">built-in</span>}
						</span>
					))}
					<span role="cell" className={model.status === 'error' ? 'error models-status' : 'models-status'} title={model.error ?? undefined}>
						{model.error ?? (model.loaded ? `loaded${model.device ? ` (${model.device})` : ''}` : 'ok')}
					</span>
				</div>
			))}
			{models.length === 0 && <p className="muted models-empty">No model registered yet: add a file or a folder above.</p>}
		</div>
	);
}
