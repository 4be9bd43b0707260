"""A PPM → an ONNX PPM bundle the app's scorer loads: model.onnx (input_ids, attention_mask → rewards
[batch, sequence]), tokenizer.json, ppm.json (src-main/contract/ppm.ts). The tiny PPM and a Hugging Face one both."""

import json
import warnings
from pathlib import Path

import torch

from .vocabulary import BOS, EOS

OPSET = 14


def export_onnx_model(ppm, ids, mask, path):
    """`ppm(ids, mask)` traced where the model is (CPU or CUDA; the caller's model stays on its device), with the
    batch and sequence axes dynamic. `ids` must have a padded row, so the mask's path is traced too."""
    ppm.eval()
    device = next(ppm.parameters()).device
    ids, mask = torch.tensor(ids, dtype=torch.long, device=device), torch.tensor(mask, dtype=torch.long, device=device)
    # The TorchScript exporter (`dynamo=False`): the graph the app's tests check against PyTorch to 1e-4, with the
    # dynamic axes below; torch 2.9+ defaults to the torch.export one, which also needs onnxscript.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            ppm, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
            output_names=["rewards"], opset_version=OPSET, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "rewards": {0: "batch", 1: "sequence"}})


def write_manifest(out, name, max_length, pad_id, prefix_ids):
    manifest = {
        "format": "rstar-ppm", "version": 1, "name": name, "maxLength": max_length,
        "inputs": {"ids": "input_ids", "mask": "attention_mask"}, "output": "rewards",
        "padTokenId": pad_id, "prefixTokenIds": prefix_ids,
        # Pairwise training leaves rewards on the logistic scale, a few units wide: tanh(r) keeps their order in (−1, 1).
        "scoreTransform": "tanh(r)", "promptFormat": "rstar-sft",
    }
    (Path(out) / "ppm.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def export_ppm_bundle(ppm, vocabulary, out_dir, max_length, name):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    export_onnx_model(ppm, [[BOS, 5, 6, 7], [BOS, 5, EOS, EOS]], [[1, 1, 1, 1], [1, 1, 0, 0]], out / "model.onnx")
    vocabulary.write_tokenizer_json(out / "tokenizer.json")
    write_manifest(out, name, max_length, EOS, [BOS])
