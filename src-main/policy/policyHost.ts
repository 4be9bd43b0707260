// Entry of the policy process: llama.cpp runs here, not in the app or CLI process, so that a model file that makes
// it abort (a corrupt GGUF, an out-of-memory) ends this process and is reported, instead of taking the host down.
import {PolicyHostRequest, PolicyLoadOptions, type PolicyHostMessage} from '../contract/policyHost.js';
import {LlamaPolicy} from './LlamaPolicy.js';
import {promptFormatsByName} from './promptFormats.js';

const send = (message: PolicyHostMessage) => process.send!(message);
const options = PolicyLoadOptions.parse(JSON.parse(process.argv[2] ?? '{}'));

let policy: LlamaPolicy;
try {
	policy = await LlamaPolicy.load({...options, promptFormat: promptFormatsByName[options.promptFormat]});
	send({type: 'loaded', sha256: policy.sha256, device: policy.device});
} catch (error) {
	send({type: 'failed', id: null, message: (error as Error).message});
	process.exit(1);
}

const running = new Map<number, AbortController>();
process.on('message', (raw: unknown) => {
	const message = PolicyHostRequest.parse(raw);
	switch (message.type) {
		case 'expand': {
			const abort = new AbortController();
			running.set(message.id, abort);
			policy.expand(message.request, abort.signal).then(
				candidates => send({type: 'candidates', id: message.id, candidates, stats: policy.stats}),
				(error: Error) => send({type: 'failed', id: message.id, message: error.message})
			).finally(() => running.delete(message.id));
			return;
		}
		case 'abort':
			running.get(message.id)?.abort();
			return;
		case 'dispose':
			void policy.dispose().finally(() => process.exit(0));
	}
});
process.on('disconnect', () => process.exit(0));
