// Extracts llama.cpp's Python side (MIT) from the llama.cpp source node-llama-cpp ships as a git bundle, into
// dist/llama-python/: gguf-py (its GGUF writer: the tiny trainer exports with it) and its converters of Hugging Face
// models and PEFT LoRA adapters (the Hugging Face trainer exports with them), of the same version as the libllama
// that loads their output. Skipped when the folder already holds this bundle's copy.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bundle = 'node_modules/node-llama-cpp/llama/gitRelease.bundle';
const paths = ['gguf-py', 'conversion', 'convert_hf_to_gguf.py', 'convert_lora_to_gguf.py', 'LICENSE'];

export function extractLlamaPython(outDir = 'dist/llama-python') {
	const head = execFileSync('git', ['bundle', 'list-heads', bundle], {encoding: 'utf8'}).trim().split('\n')[0].split(' ')[0];
	const stamp = path.join(outDir, '.bundle-commit');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === head)
		return false;
	const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-llama-src-'));
	try {
		execFileSync('git', ['clone', '--quiet', '--no-checkout', path.resolve(bundle), clone]);
		const archive = execFileSync('git', ['-C', clone, 'archive', '--format=tar', head, ...paths], {maxBuffer: 256 * 1024 * 1024});
		fs.rmSync(outDir, {recursive: true, force: true});
		fs.mkdirSync(outDir, {recursive: true});
		execFileSync('tar', ['-x', '-C', outDir], {input: archive});
		fs.writeFileSync(stamp, head);
		return true;
	} finally {
		fs.rmSync(clone, {recursive: true, force: true});
	}
}
