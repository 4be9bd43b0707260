import type {ModelKind} from '../../src-main/contract/models';
import {useRegisteredModels} from '../api/useRegisteredModels';

/**
 * The registered models of a kind that load without error, as a `<datalist>`: a path input with `list={id}` offers
 * them while a typed path still works.
 */
export function RegisteredModelPaths({id, kind}: {id: string; kind: ModelKind}) {
	const {models} = useRegisteredModels();
	return (
		<datalist id={id}>
			{models.filter(model => model.kind === kind && model.status === 'ok').map(model => (
				<option key={model.id} value={model.path}>{model.builtin ? `${model.name} (built-in)` : model.name}</option>
			))}
		</datalist>
	);
}
