"""A Hugging Face policy → GGUF with llama.cpp's own converters, from the llama.cpp source node-llama-cpp ships (the
same version as the libllama that loads the result): `convert_hf_to_gguf.py` for a whole model, and
`convert_lora_to_gguf.py` for a PEFT LoRA adapter, which node-llama-cpp loads on top of its base."""

import subprocess
import sys
import tempfile
from pathlib import Path

from .hf_model import save_base_config
from .llama_python import llama_python_dir
from .progress import TrainerError

# The converters' own output types.
GGUF_TYPES = ("f32", "f16", "bf16", "q8_0")


def run_converter(script, arguments):
    folder = llama_python_dir()
    converter = folder / script
    if not converter.is_file():
        raise TrainerError(f"{converter} is missing: `npm run build` extracts llama.cpp's converters to dist/llama-python")
    result = subprocess.run([sys.executable, str(converter), *arguments], cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        # The converter's last lines say why (an architecture it does not know, a tokenizer it cannot identify).
        raise TrainerError(f"{script} failed: {result.stderr.strip()[-1500:]}")


def export_model_gguf(model, tokenizer, out, outtype, name):
    """The whole model (a LoRA merged in beforehand) as one GGUF."""
    with tempfile.TemporaryDirectory(prefix="rstar-hf-") as folder:
        model.save_pretrained(folder, safe_serialization=True)
        tokenizer.save_pretrained(folder)
        run_converter("convert_hf_to_gguf.py", [folder, "--outfile", str(out), "--outtype", outtype, "--model-name", name])


def export_lora_gguf(peft_model, base_model, tokenizer, out, outtype):
    """The adapter alone: its base's config tells the converter the architecture; the base's weights are not read."""
    with tempfile.TemporaryDirectory(prefix="rstar-lora-") as folder:
        adapter, base = Path(folder) / "adapter", Path(folder) / "base"
        peft_model.save_pretrained(str(adapter))
        save_base_config(base_model, tokenizer, base)
        run_converter("convert_lora_to_gguf.py", [str(adapter), "--base", str(base), "--outfile", str(out), "--outtype", outtype])
