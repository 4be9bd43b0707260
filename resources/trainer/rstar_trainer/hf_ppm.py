"""A PPM from a Hugging Face model (`rstar train ppm --model`): as in rStar-Math, the policy's decoder with its
next-token head replaced by a scalar value head, trained with the tiny PPM's pairwise loss and weighting, exported as
the ONNX bundle the app's scorer reads (model.onnx, the model's own tokenizer.json, ppm.json)."""

import shutil
import tempfile
from pathlib import Path

import torch
from torch import nn

from .data import inference_layout, read_pairs
from .export_onnx import export_onnx_model, write_manifest
from .hf_model import encode, load_causal_lm, load_tokenizer, prefix_ids
from .train_ppm import last_rewards, pairwise_accuracy, pairwise_loss
from .training import optimise, pick_device, seed_everything


class ValueModel(nn.Module):
    """The decoder and a value head: a reward at every position; a trajectory's is the one at its last token."""

    def __init__(self, causal_lm):
        super().__init__()
        self.trunk = causal_lm.get_decoder()
        self.value = nn.Linear(causal_lm.config.hidden_size, 1)
        nn.init.normal_(self.value.weight, std=0.02)
        nn.init.zeros_(self.value.bias)
        self._config = causal_lm.config

    @property
    def config(self):
        return self._config

    def forward(self, input_ids, attention_mask):
        hidden = self.trunk(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state
        rewards = self.value(hidden).squeeze(-1)
        return rewards * attention_mask.to(rewards.dtype)


def encode_pairs(tokenizer, rows, max_length):
    """prefix + prompt + step for each side, cut to the last `max_length` tokens, as the app's scorer encodes them:
    the text whole, then the tokenizer's prefix before it."""
    prefix = prefix_ids(tokenizer)

    def ids(text):
        return (prefix + encode(tokenizer, text))[-max_length:]

    return [(ids(row["prompt"] + row["pos"]), ids(row["prompt"] + row["neg"]), 1.0 / (row["pos_count"] * row["neg_count"]))
            for row in rows]


def train_hf_ppm(args, progress):
    seed_everything(args.seed)
    device = pick_device(args.device)
    progress.phase("load", data=args.pairs, model=args.model)
    tokenizer = load_tokenizer(args.model)
    train_rows = read_pairs(args.pairs)
    held_out_rows = read_pairs(args.eval_pairs) if args.eval_pairs else []
    train = encode_pairs(tokenizer, train_rows, args.max_length)
    held_out = encode_pairs(tokenizer, held_out_rows, args.max_length)
    ppm = ValueModel(load_causal_lm(args.model)).to(device)
    ppm.train()
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

    held_out_accuracy = None

    def evaluate_held_out(step):
        nonlocal held_out_accuracy
        held_out_accuracy = round(pairwise_accuracy(ppm, held_out, args.batch_size, device, pad_id), 4)
        progress.metric("eval", step, "heldout_pairwise_accuracy", held_out_accuracy)

    final_loss, total = optimise(ppm, train, args, progress, pairwise_loss(ppm, device, pad_id),
                                 evaluate_held_out if held_out else None, tokens_of=lambda pair: len(pair[0]) + len(pair[1]))

    progress.phase("export", out=args.out)
    ppm.eval()
    prefix = prefix_ids(tokenizer)
    # Probes in the layout the app scores: the inference template (its blank line) and a step, for the app's tests.
    probe_texts = [inference_layout(row["prompt"]) + row[side] for row in (held_out_rows or train_rows)[:4] for side in ("pos", "neg")]
    probe_ids = [(prefix + encode(tokenizer, text))[-args.max_length:] for text in probe_texts]
    with torch.no_grad():
        probe_rewards = last_rewards(ppm, probe_ids, device, pad_id).tolist()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    example = probe_ids[0][:8]
    export_onnx_model(ppm, [example, example[:3] + [pad_id] * (len(example) - 3)],
                      [[1] * len(example), [1] * 3 + [0] * (len(example) - 3)], out / "model.onnx")
    with tempfile.TemporaryDirectory(prefix="rstar-tokenizer-") as folder:
        tokenizer.save_pretrained(folder)
        shutil.copyfile(Path(folder) / "tokenizer.json", out / "tokenizer.json")
    write_manifest(out, args.name, args.max_length, pad_id, prefix)
    summary = {"out": args.out, "parameters": sum(p.numel() for p in ppm.parameters()), "steps": total, "pairs": len(train),
               "final_loss": round(final_loss, 5), "seed": args.seed, "model": args.model,
               "train_pairwise_accuracy": round(pairwise_accuracy(ppm, train, args.batch_size, device, pad_id), 4),
               # The app checks that its runtime reads the same rewards from the exported bundle.
               "probe": [{"text": text, "reward": reward} for text, reward in zip(probe_texts, probe_rewards)]}
    if held_out:
        summary["heldout_pairwise_accuracy"] = held_out_accuracy
    return summary
