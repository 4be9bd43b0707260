import {NotBuiltPage} from '../../components/NotBuiltPage';

export function ModelsPage() {
	return <NotBuiltPage title="Models" planned={[
		'Policy models (GGUF, via node-llama-cpp) and PPMs (ONNX bundles), with their sha256 and provenance.',
		'The shipped tiny models, and models trained by each round.'
	]}/>;
}
