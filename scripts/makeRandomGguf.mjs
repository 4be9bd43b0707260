// Writes a tiny llama-architecture GGUF with random weights and the method's vocabulary: characters, byte
// fallback, and the code-augmented CoT markers as single tokens. It stands in as the embedded policy until the tiny
// model kit trains a real one: node-llama-cpp loads it and samples from it, so the whole search path runs for real,
// but what it writes is noise. Deterministic: the same seed gives the same file.
// Usage: node scripts/makeRandomGguf.mjs OUT.gguf [SEED]
import fs from 'node:fs';
import path from 'node:path';

/** The method's special tokens (user-defined: llama.cpp splits them out of text even without parse_special). */
export const methodTokens = ['<code>', '<end_of_step>', '<end_of_code>', '<output>', '<end_of_output>', '<answer>', '<end_of_answer>', '<|user|>', '<|assistant|>'];

const TokenType = {normal: 1, unknown: 2, control: 3, userDefined: 4, byte: 6};
const ValueType = {uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10};
const alignment = 32;

class Writer {
	chunks = [];
	u32(value) {
		const b = Buffer.alloc(4);
		b.writeUInt32LE(value);
		this.chunks.push(b);
	}
	i32(value) {
		const b = Buffer.alloc(4);
		b.writeInt32LE(value);
		this.chunks.push(b);
	}
	u64(value) {
		const b = Buffer.alloc(8);
		b.writeBigUInt64LE(BigInt(value));
		this.chunks.push(b);
	}
	f32(value) {
		const b = Buffer.alloc(4);
		b.writeFloatLE(value);
		this.chunks.push(b);
	}
	string(value) {
		const bytes = Buffer.from(value, 'utf8');
		this.u64(bytes.length);
		this.chunks.push(bytes);
	}
	kv(key, type, value) {
		this.string(key);
		this.u32(type);
		this.value(type, value);
	}
	value(type, value) {
		switch (type) {
			case ValueType.uint32: return this.u32(value);
			case ValueType.int32: return this.i32(value);
			case ValueType.float32: return this.f32(value);
			case ValueType.bool: return this.chunks.push(Buffer.from([value ? 1 : 0]));
			case ValueType.string: return this.string(value);
			case ValueType.uint64: return this.u64(value);
		}
		throw new Error(`value type ${type}`);
	}
	array(key, elementType, values) {
		this.string(key);
		this.u32(ValueType.array);
		this.u32(elementType);
		this.u64(values.length);
		for (const value of values)
			this.value(elementType, value);
	}
	get length() {
		return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
	}
	pad() {
		const extra = (alignment - (this.length % alignment)) % alignment;
		this.chunks.push(Buffer.alloc(extra));
	}
}

function vocabulary() {
	const tokens = ['<unk>', '<s>', '</s>'];
	const types = [TokenType.unknown, TokenType.control, TokenType.control];
	for (let byte = 0; byte < 256; byte++) {
		tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
		types.push(TokenType.byte);
	}
	tokens.push('\u2581');
	types.push(TokenType.normal);
	for (let code = 0x21; code <= 0x7e; code++) {
		tokens.push(String.fromCharCode(code));
		types.push(TokenType.normal);
	}
	for (const token of methodTokens) {
		tokens.push(token);
		types.push(TokenType.userDefined);
	}
	return {tokens, types};
}

/** Normal(0, σ) from a seeded generator (mulberry32 + Box–Muller). */
function gaussian(seed) {
	let state = seed >>> 0;
	const uniform = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
	};
	return sigma => sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function makeRandomGguf(outFile, seed = 1) {
	const {tokens, types} = vocabulary();
	const shape = {vocab: tokens.length, embedding: 64, layers: 2, heads: 4, kvHeads: 2, feedForward: 128, context: 4096};
	const headDim = shape.embedding / shape.heads;
	const random = gaussian(seed);
	const tensors = [];
	const tensor = (name, dims, fill) => {
		const count = dims.reduce((a, b) => a * b, 1);
		const data = new Float32Array(count);
		for (let i = 0; i < count; i++)
			data[i] = fill === 'ones' ? 1 : random(0.08);
		tensors.push({name, dims, data});
	};
	// GGUF lists dimensions innermost first: a [rows × cols] weight is written as [cols, rows].
	tensor('token_embd.weight', [shape.embedding, shape.vocab]);
	tensor('output_norm.weight', [shape.embedding], 'ones');
	tensor('output.weight', [shape.embedding, shape.vocab]);
	for (let layer = 0; layer < shape.layers; layer++) {
		const block = `blk.${layer}`;
		tensor(`${block}.attn_norm.weight`, [shape.embedding], 'ones');
		tensor(`${block}.ffn_norm.weight`, [shape.embedding], 'ones');
		tensor(`${block}.attn_q.weight`, [shape.embedding, shape.embedding]);
		tensor(`${block}.attn_k.weight`, [shape.embedding, shape.kvHeads * headDim]);
		tensor(`${block}.attn_v.weight`, [shape.embedding, shape.kvHeads * headDim]);
		tensor(`${block}.attn_output.weight`, [shape.embedding, shape.embedding]);
		tensor(`${block}.ffn_gate.weight`, [shape.embedding, shape.feedForward]);
		tensor(`${block}.ffn_up.weight`, [shape.embedding, shape.feedForward]);
		tensor(`${block}.ffn_down.weight`, [shape.feedForward, shape.embedding]);
	}

	const header = new Writer();
	const kvs = new Writer();
	let kvCount = 0;
	const kv = (key, type, value) => {
		kvs.kv(key, type, value);
		kvCount++;
	};
	const array = (key, type, values) => {
		kvs.array(key, type, values);
		kvCount++;
	};
	kv('general.architecture', ValueType.string, 'llama');
	kv('general.name', ValueType.string, 'rstar-random-tiny');
	kv('general.alignment', ValueType.uint32, alignment);
	kv('general.file_type', ValueType.uint32, 0);
	kv('llama.context_length', ValueType.uint32, shape.context);
	kv('llama.embedding_length', ValueType.uint32, shape.embedding);
	kv('llama.block_count', ValueType.uint32, shape.layers);
	kv('llama.feed_forward_length', ValueType.uint32, shape.feedForward);
	kv('llama.attention.head_count', ValueType.uint32, shape.heads);
	kv('llama.attention.head_count_kv', ValueType.uint32, shape.kvHeads);
	kv('llama.rope.dimension_count', ValueType.uint32, headDim);
	kv('llama.rope.freq_base', ValueType.float32, 10000);
	kv('llama.attention.layer_norm_rms_epsilon', ValueType.float32, 1e-5);
	kv('tokenizer.ggml.model', ValueType.string, 'llama');
	array('tokenizer.ggml.tokens', ValueType.string, tokens);
	array('tokenizer.ggml.scores', ValueType.float32, tokens.map(() => 0));
	array('tokenizer.ggml.token_type', ValueType.int32, types);
	kv('tokenizer.ggml.bos_token_id', ValueType.uint32, 1);
	kv('tokenizer.ggml.eos_token_id', ValueType.uint32, 2);
	kv('tokenizer.ggml.unknown_token_id', ValueType.uint32, 0);
	kv('tokenizer.ggml.add_bos_token', ValueType.bool, true);
	// Text after a special token must tokenize as written: no "▁" prefix ("<|user|>:" is not "<|user|> :").
	kv('tokenizer.ggml.add_space_prefix', ValueType.bool, false);

	header.chunks.push(Buffer.from('GGUF', 'ascii'));
	header.u32(3);
	header.u64(tensors.length);
	header.u64(kvCount);

	const infos = new Writer();
	let offset = 0;
	for (const {name, dims, data} of tensors) {
		infos.string(name);
		infos.u32(dims.length);
		for (const dim of dims)
			infos.u64(dim);
		infos.u32(0);
		infos.u64(offset);
		offset += Math.ceil(data.byteLength / alignment) * alignment;
	}
	const head = new Writer();
	head.chunks = [...header.chunks, ...kvs.chunks, ...infos.chunks];
	head.pad();
	const body = [];
	for (const {data} of tensors) {
		const bytes = Buffer.from(data.buffer);
		body.push(bytes, Buffer.alloc((alignment - (bytes.length % alignment)) % alignment));
	}
	fs.mkdirSync(path.dirname(outFile), {recursive: true});
	fs.writeFileSync(outFile, Buffer.concat([...head.chunks, ...body]));
	return {shape, tokens: tokens.length};
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
	const [out, seed] = process.argv.slice(2);
	if (!out) {
		console.error('usage: node scripts/makeRandomGguf.mjs OUT.gguf [SEED]');
		process.exit(2);
	}
	console.log(JSON.stringify(makeRandomGguf(out, Number(seed ?? 1))));
}
