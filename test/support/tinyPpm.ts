import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

// A CommonJS package: its namespace comes through the default export under plain Node ESM.
const {onnx} = onnxProto;

/**
 * Writes a tiny PPM bundle (model.onnx, tokenizer.json, ppm.json) for tests: a character-level tokenizer and a
 * model whose reward at each position is a learned value of that position's character — reward(c) from `rewards`,
 * 0 for any other. Real PPMs come from the trainer; this one only has to be a real ONNX model the scorer loads.
 */
export function writeTinyPpm(dir: string, rewards: Record<string, number> = {}): string {
	const characters = ['[PAD]', '[UNK]', ...Array.from({length: 95}, (_, i) => String.fromCharCode(32 + i)), '\n', '<end_of_step>', '<end_of_code>', '<end_of_answer>'];
	const vocab = Object.fromEntries(characters.map((token, id) => [token, id]));
	const tokenizer = {
		version: '1.0',
		added_tokens: ['[PAD]', '[UNK]', '<end_of_step>', '<end_of_code>', '<end_of_answer>'].map(content => ({
			id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true
		})),
		normalizer: null,
		pre_tokenizer: {type: 'Split', pattern: {Regex: '[\\s\\S]'}, behavior: 'Isolated', invert: false},
		post_processor: null,
		decoder: null,
		model: {type: 'WordLevel', vocab, unk_token: '[UNK]'}
	};

	const dimension = 1;
	const embedding = characters.map(token => rewards[token] ?? 0);
	const model = onnx.ModelProto.create({
		irVersion: 8,
		opsetImport: [{domain: '', version: 13}],
		producerName: 'rstar-workbench-tests',
		graph: {
			name: 'tiny-ppm',
			input: [
				valueInfo('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence']),
				valueInfo('attention_mask', onnx.TensorProto.DataType.INT64, ['batch', 'sequence'])
			],
			output: [valueInfo('rewards', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence'])],
			initializer: [
				{name: 'embedding', dims: [characters.length, dimension], dataType: onnx.TensorProto.DataType.FLOAT, floatData: embedding},
				{name: 'squeeze_axes', dims: [1], dataType: onnx.TensorProto.DataType.INT64, int64Data: [2]}
			],
			node: [
				{opType: 'Gather', input: ['embedding', 'input_ids'], output: ['per_token'], name: 'gather'},
				{opType: 'Squeeze', input: ['per_token', 'squeeze_axes'], output: ['raw'], name: 'squeeze'},
				{opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], name: 'cast', attribute: [{name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT}]},
				{opType: 'Mul', input: ['raw', 'mask_float'], output: ['rewards'], name: 'mask'}
			]
		}
	});
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(path.join(dir, 'model.onnx'), onnx.ModelProto.encode(model).finish());
	fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
	fs.writeFileSync(path.join(dir, 'ppm.json'), JSON.stringify({
		format: 'rstar-ppm', version: 1, maxLength: 512, inputs: {ids: 'input_ids', mask: 'attention_mask'}, output: 'rewards',
		padTokenId: 0, scoreTransform: 'tanh(r)', promptFormat: 'rstar-sft'
	}, null, 2));
	return dir;
}

function valueInfo(name: string, elemType: number, dims: string[]) {
	return {name, type: {tensorType: {elemType, shape: {dim: dims.map(dimParam => ({dimParam}))}}}};
}
