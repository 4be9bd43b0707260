// Entry of a model process: llama.cpp (the policy) or onnxruntime (the PPM) runs here, not in the app or CLI
// process, so that a model file that makes native code abort (a corrupt GGUF, an out-of-memory) ends this process
// and is reported, instead of taking the host down. One model per process, which searches may share: their calls
// arrive concurrently, and the model runs them one at a time, in order (LlamaPolicy's and OnnxPpmScorer's queues).
import {ModelHostRequest, ModelLoad, type ModelHostMessage} from '../../contract/modelHost.js';
import {LlamaPolicy} from '../../policy/LlamaPolicy.js';
import {promptFormatsByName} from '../../prompts/promptFormats.js';
import {OnnxPpmScorer} from '../../scorer/OnnxPpmScorer.js';

const send = (message: ModelHostMessage) => process.send!(message);
const load = ModelLoad.parse(JSON.parse(process.argv[2] ?? '{}'));

let policy: LlamaPolicy | null = null;
let scorer: OnnxPpmScorer | null = null;
try {
	if (load.kind === 'policy')
		policy = await LlamaPolicy.load({...load.options, promptFormat: promptFormatsByName[load.options.promptFormat]});
	else
		scorer = await OnnxPpmScorer.load(load.bundleDir, {device: load.device});
	const loaded = (policy ?? scorer)!;
	send({type: 'loaded', sha256: loaded.sha256, device: loaded.device});
} catch (error) {
	send({type: 'failed', id: null, message: (error as Error).message});
	process.exit(1);
}

const running = new Map<number, AbortController>();

async function answer(message: Extract<ModelHostRequest, {type: 'expand' | 'score' | 'fit'}>, signal: AbortSignal): Promise<unknown> {
	if (message.type === 'fit') {
		if (!policy)
			throw new Error('this model process hosts a PPM, not a policy');
		return policy.fit(message.payload.question);
	}
	if (message.type === 'expand') {
		if (!policy)
			throw new Error('this model process hosts a PPM, not a policy');
		return {candidates: await policy.expand(message.payload, signal), stats: policy.stats};
	}
	if (!scorer)
		throw new Error('this model process hosts a policy, not a PPM');
	return {scores: await scorer.score(message.payload.question, message.payload.trajectories, signal)};
}

process.on('message', (raw: unknown) => {
	const message = ModelHostRequest.parse(raw);
	switch (message.type) {
		case 'expand':
		case 'score':
		case 'fit': {
			const abort = new AbortController();
			running.set(message.id, abort);
			answer(message, abort.signal).then(
				result => send({type: 'result', id: message.id, result}),
				(error: Error) => send({type: 'failed', id: message.id, message: error.message})
			).finally(() => running.delete(message.id));
			return;
		}
		case 'abort':
			running.get(message.id)?.abort();
			return;
		case 'dispose':
			void Promise.all([policy?.dispose(), scorer?.dispose()]).finally(() => process.exit(0));
	}
});
process.on('disconnect', () => process.exit(0));
