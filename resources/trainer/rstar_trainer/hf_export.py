"""A Hugging Face policy → GGUF with llama.cpp's own converters, from the llama.cpp source node-llama-cpp ships (the
same version as the libllama that loads the result): `convert_hf_to_gguf.py` for a whole model, and
`convert_lora_to_gguf.py` for a PEFT LoRA adapter, which node-llama-cpp loads on top of its base."""

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from .hf_model import save_base_config
from .llama_python import import_gguf, llama_python_dir
from .progress import TrainerError

# Keys of our own in an adapter GGUF naming the base GGUF it was trained on: the app loads the base, verified by its
# sha256, and the adapter on top, so an adapter alone is a complete policy to every part of the app.
BASE_FILE_KEY = "rstar.lora.base.file_name"
BASE_SHA256_KEY = "rstar.lora.base.sha256"

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


def convert_folder(folder, out, outtype, name):
    run_converter("convert_hf_to_gguf.py", [str(folder), "--outfile", str(out), "--outtype", outtype, "--model-name", name])


def export_model_gguf(model, tokenizer, out, outtype, name):
    """The whole model (a LoRA merged in beforehand) as one GGUF."""
    with tempfile.TemporaryDirectory(prefix="rstar-hf-") as folder:
        model.save_pretrained(folder, safe_serialization=True)
        tokenizer.save_pretrained(folder)
        convert_folder(folder, out, outtype, name)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_lora_gguf(peft_model, base_model, tokenizer, out, outtype, base_gguf, name):
    """The adapter alone, named `name` and tagged with the base GGUF it adapts (`base_gguf`). Its base's config tells
    the converter the architecture; the base's weights are not read."""
    gguf = import_gguf()
    from gguf.scripts.gguf_new_metadata import MetadataDetails, copy_with_new_metadata
    with tempfile.TemporaryDirectory(prefix="rstar-lora-") as folder:
        adapter, base, untagged = Path(folder) / "adapter", Path(folder) / "base", Path(folder) / "adapter.gguf"
        peft_model.save_pretrained(str(adapter))
        save_base_config(base_model, tokenizer, base)
        run_converter("convert_lora_to_gguf.py", [str(adapter), "--base", str(base), "--outfile", str(untagged), "--outtype", outtype])
        reader = gguf.GGUFReader(str(untagged))
        writer = gguf.GGUFWriter(str(out), arch=reader.get_field(gguf.Keys.General.ARCHITECTURE).contents())
        string = gguf.GGUFValueType.STRING
        copy_with_new_metadata(reader, writer, {gguf.Keys.General.NAME: MetadataDetails(string, name),
                                                BASE_FILE_KEY: MetadataDetails(string, Path(base_gguf).name),
                                                BASE_SHA256_KEY: MetadataDetails(string, sha256_file(base_gguf))},
                               # The converter guesses these from the local folder peft recorded: a path of this
                               # machine dressed as a Hugging Face repository. The tag above names the base instead.
                               [key for key in reader.fields if key.startswith("general.base_model.") or key == "general.tags"])
