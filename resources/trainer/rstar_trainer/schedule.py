"""What the SFT and PPM loops share: a seeded batch order, padding, and the learning-rate schedule."""

import math

import torch


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


def learning_rate(step, total, peak, warmup):
    """Linear warm-up, then cosine decay to a tenth of the peak."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def pad(sequences, value):
    width = max(len(sequence) for sequence in sequences)
    return torch.tensor([sequence + [value] * (width - len(sequence)) for sequence in sequences], dtype=torch.long)


def pick_device(name):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        from .progress import TrainerError
        raise TrainerError("--device cuda: PyTorch sees no CUDA device here")
    return torch.device(name)
