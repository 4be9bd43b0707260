"""What the SFT and PPM trainers share: the model shape from the flags, a seeded batch order, padding, the
learning-rate schedule, and the optimisation loop itself."""

import math
import time

import torch

from .progress import TrainerError
from .tiny_llama import TinyLlamaConfig


def seed_everything(seed):
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def batch_order(count, batch_size, epochs, seed):
    """Every epoch a new seeded permutation, cut into batches; the same seed gives the same batches."""
    generator = torch.Generator().manual_seed(seed)
    batches = []
    for _ in range(epochs):
        order = torch.randperm(count, generator=generator).tolist()
        batches.extend(order[start:start + batch_size] for start in range(0, count, batch_size))
    return batches


def training_batches(count, args):
    """The run's batches: `--epochs` passes over the data, or exactly `--steps` batches — as many passes as that
    takes, the last one cut short — since a self-evolution round's fine-tune is a budget of steps, whatever its
    data's size. Either way the same seed gives the same order: a `--steps` run's batches begin as the epochs' do."""
    if args.steps is None:
        return batch_order(count, args.batch_size, args.epochs or 1, args.seed)
    per_epoch = math.ceil(count / args.batch_size)
    return batch_order(count, args.batch_size, math.ceil(args.steps / per_epoch), args.seed)[:args.steps]


def learning_rate(step, total, peak, warmup):
    """Linear warm-up, then cosine decay to a tenth of the peak at the run's last step (`total`, however the run's
    length was given)."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def pad(sequences, value, dtype=torch.long):
    width = max(len(sequence) for sequence in sequences)
    return torch.tensor([sequence + [value] * (width - len(sequence)) for sequence in sequences], dtype=dtype)


def pick_device(name):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainerError("--device cuda: PyTorch sees no CUDA device here")
    return torch.device(name)


# The flags that shape the model; left out, TinyLlamaConfig's defaults apply.
SHAPE_FLAGS = ("dim", "layers", "heads", "kv_heads", "ffn_dim")


def model_config(args, vocabulary):
    shape = {name: getattr(args, name) for name in SHAPE_FLAGS if getattr(args, name) is not None}
    config = TinyLlamaConfig(vocab_size=len(vocabulary), **shape)
    if config.dim % config.heads or config.heads % config.kv_heads or config.head_dim % 2:
        raise TrainerError("--dim must split into --heads even-sized heads, and --heads into --kv-heads groups")
    return config


def optimise(model, items, args, progress, batch_loss, evaluate=None, tokens_of=len):
    """AdamW over seeded batches of `items`: `batch_loss(batch)` gives (loss, {metric: value}) for the progress line;
    `evaluate(step)` runs `--evals` times; `tokens_of(item)` counts an item's tokens for the throughput (tokens/s of
    training alone, held-out evaluation excluded). Returns the last loss and the number of steps."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    batches = training_batches(len(items), args)
    total = len(batches)
    progress.phase("train", device=str(next(model.parameters()).device), parameters=sum(p.numel() for p in model.parameters()),
                   examples=len(items), steps=total, config=model.config.to_dict())
    eval_every = max(1, total // args.evals) if evaluate else None
    loss = None
    tokens = 0
    training_s = 0.0
    for step, indices in enumerate(batches, start=1):
        started = time.monotonic()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step - 1, total, args.lr, args.warmup)
        loss, fields = batch_loss([items[i] for i in indices])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        loss_value = loss.item()  # waits for the step, so the time below is the step's
        tokens += sum(tokens_of(items[i]) for i in indices)
        training_s += time.monotonic() - started
        progress.step("train", step, total, loss=round(loss_value, 5), lr=optimizer.param_groups[0]["lr"],
                      tokens_per_s=round(tokens / max(training_s, 1e-9), 1),
                      **{name: round(float(value), 4) for name, value in fields.items()})
        if eval_every and (step % eval_every == 0 or step == total):
            evaluate(step)
    return loss.item(), total
