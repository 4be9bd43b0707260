import {useLiveResult} from '../../api/useLiveResult';
import {fileSize} from './fileSize';

/** What the models can run on here: node-llama-cpp's backends, memory and cores, and the models held loaded. */
export function RuntimePanel() {
	const {result: runtime, error} = useLiveResult('model.runtime', {}, ['models.changed']);
	if (error)
		return <p className="error models-runtime">{error}</p>;
	if (!runtime)
		return <p className="muted models-runtime">reading the runtime…</p>;
	return (
		<section className="models-runtime" aria-label="This machine">
			<span><b>backends</b> {runtime.backends.join(', ')}</span>
			<span><b>memory</b> {fileSize(runtime.memory.freeBytes)} free of {fileSize(runtime.memory.totalBytes)}</span>
			<span><b>cores</b> {runtime.cpus}</span>
			<span><b>loaded</b> {runtime.loaded.length === 0 ? 'none' : runtime.loaded.map(model => `${model.name}${model.device ? ` (${model.device})` : ''}`).join(', ')}</span>
		</section>
	);
}
