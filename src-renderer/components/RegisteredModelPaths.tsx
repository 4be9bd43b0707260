import type {ModelKind} from '../../src-main/contract/models';
import {useRegisteredModels} from '../api/useRegisteredModels';

/**
 * The registered models of a kind that load without error, as a `<datalist>`: a path input with `list={id}` offers
 * them while a typed path still works. A policy input offers LoRA adapters too: one names its base and loads as a
 * policy.
 */
export function RegisteredModelPaths({id, kind}: {id: string; kind: ModelKind}) {
	const {models} = useRegisteredModels();
	const kinds: ModelKind[] = kind === 'policy' ? ['policy', 'lora'] : [kind];
	return (
		<datalist id={id}>
			{models.filter(model => kinds.includes(model.kind) && model.status === 'ok').map(model => (
				<option key={model.id} value={model.path}>{model.builtin ? `${model.name} (built-in)` : model.name}</option>
			))}
		</datalist>
	);
}
