"""python -m rstar_trainer sft|ppm …: trains a policy (→ GGUF) or a PPM (→ ONNX bundle), the tiny built-in model or,
with --model, a Hugging Face one, reporting JSON lines on stdout. Exit status: 0 done, 2 bad input, 3 cancelled, 1 anything else."""

import argparse
import importlib
import sys
import traceback

import torch

from .progress import Cancelled, Progress, TrainerError
from .tiny_llama import TinyLlamaConfig
from .training import SHAPE_FLAGS


# (module, function, default model name) of each command, for the tiny model and for a Hugging Face one (--model);
# imported only when run, since transformers alone takes seconds to import.
TRAINERS = {
    "sft": {False: ("train_sft", "train_sft", "rstar-tiny-policy"), True: ("hf_sft", "train_hf_sft", "rstar-policy")},
    "ppm": {False: ("train_ppm", "train_ppm", "rstar-tiny-ppm"), True: ("hf_ppm", "train_hf_ppm", "rstar-ppm")},
}


def positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def parser():
    root = argparse.ArgumentParser(prog="rstar_trainer")
    commands = root.add_subparsers(dest="command", required=True)

    def common(command):
        command.add_argument("--out", required=True)
        command.add_argument("--seed", type=int, default=0)
        command.add_argument("--epochs", type=positive(int), help="passes over the data (default 1)")
        command.add_argument("--steps", type=positive(int), help="train exactly this many batches instead of --epochs")
        command.add_argument("--batch-size", type=positive(int), default=16)
        command.add_argument("--lr", type=positive(float), default=3e-3)
        command.add_argument("--warmup", type=positive(int), default=20)
        command.add_argument("--evals", type=positive(int), default=5, help="held-out evaluations during training")
        command.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
        command.add_argument("--threads", type=positive(int), default=None)
        command.add_argument("--max-length", type=positive(int), default=1024)
        defaults = TinyLlamaConfig(vocab_size=0)
        for name in SHAPE_FLAGS:
            command.add_argument(f"--{name.replace('_', '-')}", type=positive(int), help=f"default {getattr(defaults, name)}")
        command.add_argument("--name", default=None)
        command.add_argument("--model", help="a Hugging Face model folder or a GGUF file transformers can read: train it "
                                             "instead of the tiny built-in model")

    sft = commands.add_parser("sft", help="SFT the tiny policy on {query, response} JSON lines; write a GGUF")
    sft.add_argument("--data", required=True)
    sft.add_argument("--eval-data")
    sft.add_argument("--probe-tokens", type=positive(int), default=64)
    sft.add_argument("--init", help="a tiny policy GGUF to continue training from, every weight of it (the model's shape comes from it)")
    sft.add_argument("--digit-weight", type=positive(float), default=1.0,
                     help="loss weight of the digits the policy writes (copying the question's numbers is what a tiny model learns last)")
    sft.add_argument("--lora-rank", type=positive(int), help="with --model: train a LoRA of this rank instead of every weight")
    sft.add_argument("--lora-alpha", type=positive(int), help="the LoRA's scale numerator (default twice the rank)")
    sft.add_argument("--lora-export", choices=["merged", "adapter"], default="merged",
                     help="a LoRA's GGUF: merged into the model, or the adapter alone (node-llama-cpp loads it on its base)")
    sft.add_argument("--gguf-type", help="with --model: the GGUF's weight type, f32, f16 (default), bf16 or q8_0")
    common(sft)

    ppm = commands.add_parser("ppm", help="train the tiny PPM on {prompt, pos, neg, pos_count, neg_count} pairs; write an ONNX bundle")
    ppm.add_argument("--pairs", required=True)
    ppm.add_argument("--eval-pairs")
    ppm.add_argument("--init", help="a tiny policy GGUF whose decoder the PPM starts from (the model's shape comes from it)")
    common(ppm)
    return root


def main(argv=None):
    args = parser().parse_args(argv)
    progress = Progress(args.command)
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        # Refused before anything is read: which of the two sets the run's length would be a guess.
        if args.epochs is not None and args.steps is not None:
            raise TrainerError("give --epochs or --steps, not both")
        if args.model is not None:
            # The tiny model's own knobs mean nothing to a Hugging Face one: refused, not ignored.
            given = [f"--{name}" for name in ("init", "dim", "layers", "heads", "kv_heads", "ffn_dim") if getattr(args, name, None) is not None]
            if given:
                raise TrainerError(f"{', '.join(given).replace('_', '-')}: the tiny model's options; --model trains the model it names")
        elif args.command == "sft" and (args.lora_rank or args.gguf_type):
            raise TrainerError("--lora-rank and --gguf-type need --model (a Hugging Face model)")
        module, function, name = TRAINERS[args.command][args.model is not None]
        args.name = args.name or name
        summary = getattr(importlib.import_module(f".{module}", __package__), function)(args, progress)
    except TrainerError as error:
        progress.emit("error", message=str(error))
        return 2
    except Cancelled:
        progress.emit("cancelled")
        return 3
    except Exception as error:  # noqa: BLE001 — the caller gets the reason as a line, the trace on stderr
        traceback.print_exc()
        progress.emit("error", message=f"{type(error).__name__}: {error}")
        return 1
    progress.emit("done", summary=summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
