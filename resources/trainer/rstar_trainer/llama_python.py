"""llama.cpp's gguf-py comes from the llama.cpp source that node-llama-cpp ships; the app extracts it
(scripts/extractLlamaPython.mjs) and names the folder in RSTAR_LLAMA_PYTHON."""

import os
import sys
from pathlib import Path

from .progress import TrainerError


def llama_python_dir():
    folder = os.environ.get("RSTAR_LLAMA_PYTHON")
    if not folder or not (Path(folder) / "gguf-py" / "gguf").is_dir():
        raise TrainerError("RSTAR_LLAMA_PYTHON must name the folder with llama.cpp's gguf-py "
                           "(`npm run build` extracts it to dist/llama-python)")
    return Path(folder)


def import_gguf():
    path = str(llama_python_dir() / "gguf-py")
    if path not in sys.path:
        sys.path.insert(0, path)
    import gguf
    return gguf
