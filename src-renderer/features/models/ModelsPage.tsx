import {useState} from 'react';
import {useRegisteredModels} from '../../api/useRegisteredModels';
import {AddModelForm} from './AddModelForm';
import {ModelDetail} from './ModelDetail';
import {ModelTable} from './ModelTable';
import {RuntimePanel} from './RuntimePanel';

/**
 * Models: the registry of policies, LoRA adapters and PPM bundles (by path, never copied) with their metadata and
 * status, one model's details and runtime settings, and what this machine runs them on.
 */
export function ModelsPage() {
	const {models, error} = useRegisteredModels();
	const [selectedId, setSelectedId] = useState<number | null>(null);
	const selected = models.find(model => model.id === selectedId) ?? null;
	return (
		<div className="models-page">
			<div className="models-main">
				<div className="models-toolbar">
					<AddModelForm onAdded={added => added[0] && setSelectedId(added[0].id)}/>
					<RuntimePanel/>
				</div>
				{error && <p className="error" role="alert">{error}</p>}
				<ModelTable models={models} selectedId={selectedId} onSelect={setSelectedId}/>
			</div>
			<aside className="models-side">
				{selected
					? <ModelDetail key={selected.id} model={selected} onRemoved={() => setSelectedId(null)}/>
					: <p className="muted">Pick a model to see its metadata, lineage and runtime settings.</p>}
			</aside>
		</div>
	);
}
