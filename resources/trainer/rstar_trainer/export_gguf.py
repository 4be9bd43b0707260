"""The tiny policy → GGUF with llama.cpp's own gguf-py, as a `llama` model with the tiny vocabulary."""

import numpy as np

from .llama_python import import_gguf
from .vocabulary import BOS, EOS, UNK


def trunk_tensors(trunk):
    """(GGUF name, parameter) for every weight of the trunk, in llama.cpp's `llama` naming: what the export writes
    and what a PPM initialised from a policy GGUF reads back."""
    yield "token_embd.weight", trunk.embed.weight
    for index, block in enumerate(trunk.blocks):
        prefix = f"blk.{index}"
        yield f"{prefix}.attn_norm.weight", block.attn_norm.weight
        yield f"{prefix}.attn_q.weight", block.attn.q.weight
        yield f"{prefix}.attn_k.weight", block.attn.k.weight
        yield f"{prefix}.attn_v.weight", block.attn.v.weight
        yield f"{prefix}.attn_output.weight", block.attn.o.weight
        yield f"{prefix}.ffn_norm.weight", block.ffn_norm.weight
        yield f"{prefix}.ffn_gate.weight", block.ffn.gate.weight
        yield f"{prefix}.ffn_up.weight", block.ffn.up.weight
        yield f"{prefix}.ffn_down.weight", block.ffn.down.weight
    yield "output_norm.weight", trunk.norm.weight


def policy_tensors(policy):
    """(GGUF name, parameter) for every weight of the policy, its output head included: what the export writes and
    what an SFT run continuing from a policy GGUF reads back."""
    yield from trunk_tensors(policy.trunk)
    yield "output.weight", policy.output.weight


def export_tiny_gguf(policy, vocabulary, path, name):
    gguf = import_gguf()
    c = policy.config
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(c.max_positions)
    writer.add_embedding_length(c.dim)
    writer.add_block_count(c.layers)
    writer.add_feed_forward_length(c.ffn_dim)
    writer.add_head_count(c.heads)
    writer.add_head_count_kv(c.kv_heads)
    writer.add_rope_dimension_count(c.head_dim)
    writer.add_rope_freq_base(c.rope_base)
    writer.add_layer_norm_rms_eps(c.norm_eps)
    writer.add_vocab_size(len(vocabulary))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(vocabulary.tokens)
    writer.add_token_scores([0.0] * len(vocabulary))
    writer.add_token_types(vocabulary.types)
    writer.add_bos_token_id(BOS)
    writer.add_eos_token_id(EOS)
    writer.add_unk_token_id(UNK)
    writer.add_add_bos_token(True)
    # Text after a marker must tokenize as written: "<|user|>:" is not "<|user|> :".
    writer.add_add_space_prefix(False)

    for name, parameter in policy_tensors(policy):
        writer.add_tensor(name, parameter.detach().to("cpu").float().numpy().astype(np.float32))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
