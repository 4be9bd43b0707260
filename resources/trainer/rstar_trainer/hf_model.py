"""Hugging Face models for the trainer's `--model`: a model folder (config.json, weights, tokenizer) or a GGUF file,
which transformers reads and dequantises to float32. Everything stays local: nothing is fetched from a hub."""

import os
from pathlib import Path

from .progress import TrainerError

# No hub, ever: a missing file must fail here, not turn into a download attempt.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def import_transformers():
    try:
        import transformers
    except ImportError as error:
        raise TrainerError("--model needs the `transformers` package in the trainer's Python: install "
                           "resources/trainer/requirements.txt into the project's .venv (`node scripts/installPython.mjs`, which npm install runs)") from error
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return transformers


def model_source(path):
    """(folder, gguf_file or None) for from_pretrained, or a clear error for what is neither."""
    source = Path(path)
    if source.is_dir():
        if not (source / "config.json").is_file():
            raise TrainerError(f"--model {path}: a Hugging Face model folder needs a config.json")
        return str(source), None
    if source.is_file():
        with open(source, "rb") as file:
            if file.read(4) != b"GGUF":
                raise TrainerError(f"--model {path}: neither a Hugging Face model folder nor a GGUF file")
        return str(source.parent), source.name
    raise TrainerError(f"--model {path}: no such file or folder")


def load_tokenizer(path):
    transformers = import_transformers()
    folder, gguf_file = model_source(path)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, gguf_file=gguf_file)
    except (OSError, ValueError) as error:
        raise TrainerError(f"--model {path}: its tokenizer cannot be read ({error})") from error
    if not tokenizer.is_fast:
        raise TrainerError(f"--model {path}: a fast (tokenizers) tokenizer is needed, for the PPM's tokenizer.json")
    return tokenizer


def load_causal_lm(path):
    """The model in float32 with eager attention: exact on CPU, and traceable for the ONNX export."""
    import torch
    transformers = import_transformers()
    folder, gguf_file = model_source(path)
    try:
        model = transformers.AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf_file, dtype=torch.float32,
                                                                  attn_implementation="eager")
    except (OSError, ValueError) as error:
        raise TrainerError(f"--model {path}: cannot be loaded by transformers ({error})") from error
    model.config.use_cache = False
    # A GGUF's weights come dequantised to float32; the config still says `quant_method: gguf`, which would follow the
    # model into every folder it is saved to, and llama.cpp's converters refuse it.
    if getattr(model.config, "quantization_config", None) is not None:
        del model.config.quantization_config
    model.__dict__.pop("hf_quantizer", None)
    model.is_quantized = False
    # A model read from a GGUF has no `architectures`, which llama.cpp's converters pick their writer by.
    model.config.architectures = model.config.architectures or [type(model).__name__]
    return model


def prefix_ids(tokenizer):
    """What the tokenizer puts before a text (BOS for Llama-style tokenizers, nothing for Qwen2's or GPT-2's): the
    trainer and the app's scorer put the same ids before every sequence."""
    return tokenizer("a", add_special_tokens=True).input_ids[:-len(tokenizer("a", add_special_tokens=False).input_ids)]


def encode(tokenizer, text):
    return tokenizer(text, add_special_tokens=False).input_ids


def save_base_config(model, tokenizer, folder):
    """The base model's config and tokenizer, which llama.cpp's LoRA converter reads the architecture from."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
