"""The tiny PPM: trained on step preference pairs with the pairwise loss −log σ(r_pos − r_neg), each pair weighted by
1/(pos_count · neg_count) so that every prompt counts once, however many pairs it has (as in the reference)."""

import torch
import torch.nn.functional as F

from .data import read_pairs
from .export_onnx import export_ppm_bundle
from .progress import TrainerError
from .schedule import batch_order, learning_rate, pad, pick_device, seed_everything
from .tiny_llama import TinyLlamaConfig, TinyPpm
from .vocabulary import BOS, EOS, Vocabulary


def encode_pairs(vocabulary, rows, max_length):
    """Token ids of prompt+pos and prompt+neg, cut to their last `max_length` tokens as the app's scorer cuts them."""
    encoded = []
    for row in rows:
        prompt = [BOS] + vocabulary.encode(row["prompt"])
        pos = (prompt + vocabulary.encode(row["pos"]))[-max_length:]
        neg = (prompt + vocabulary.encode(row["neg"]))[-max_length:]
        encoded.append((pos, neg, 1.0 / (row["pos_count"] * row["neg_count"])))
    return encoded


def last_rewards(ppm, sequences, device):
    ids = pad(sequences, EOS).to(device)
    mask = pad([[1] * len(sequence) for sequence in sequences], 0).to(device)
    rewards = ppm(ids, mask)
    last = torch.tensor([len(sequence) - 1 for sequence in sequences], device=device)
    return rewards[torch.arange(len(sequences), device=device), last]


def pair_rewards(ppm, batch, device):
    rewards = last_rewards(ppm, [pos for pos, _, _ in batch] + [neg for _, neg, _ in batch], device)
    return rewards[:len(batch)], rewards[len(batch):]


@torch.no_grad()
def pairwise_accuracy(ppm, pairs, batch_size, device):
    ppm.eval()
    right = 0
    for start in range(0, len(pairs), batch_size):
        pos, neg = pair_rewards(ppm, pairs[start:start + batch_size], device)
        right += int((pos > neg).sum())
    ppm.train()
    return right / len(pairs)


def train_ppm(args, progress):
    seed_everything(args.seed)
    device = pick_device(args.device)
    vocabulary = Vocabulary()
    progress.phase("load", data=args.pairs)
    train = encode_pairs(vocabulary, read_pairs(args.pairs), args.max_length)
    held_out = encode_pairs(vocabulary, read_pairs(args.eval_pairs), args.max_length) if args.eval_pairs else []
    config = TinyLlamaConfig(vocab_size=len(vocabulary), dim=args.dim, layers=args.layers, heads=args.heads,
                             kv_heads=args.kv_heads, ffn_dim=args.ffn_dim)
    if config.dim % config.heads or config.heads % config.kv_heads or config.head_dim % 2:
        raise TrainerError("--dim must split into --heads even-sized heads, and --heads into --kv-heads groups")
    torch.manual_seed(args.seed)
    ppm = TinyPpm(config).to(device)
    parameters = sum(p.numel() for p in ppm.parameters())
    optimizer = torch.optim.AdamW(ppm.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    batches = batch_order(len(train), args.batch_size, args.epochs, args.seed)
    total = len(batches)
    progress.phase("train", device=str(device), parameters=parameters, examples=len(train), steps=total,
                   config=config.to_dict())
    eval_every = max(1, total // args.evals) if held_out else None
    for step, indices in enumerate(batches, start=1):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step - 1, total, args.lr, args.warmup)
        batch = [train[i] for i in indices]
        pos, neg = pair_rewards(ppm, batch, device)
        weights = torch.tensor([weight for _, _, weight in batch], device=device)
        loss = (-F.logsigmoid(pos - neg) * weights).sum() / weights.sum()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(ppm.parameters(), 1.0)
        optimizer.step()
        progress.step("train", step, total, loss=round(loss.item(), 5),
                      pair_accuracy=round(float((pos > neg).float().mean()), 4), lr=optimizer.param_groups[0]["lr"])
        if eval_every and (step % eval_every == 0 or step == total):
            progress.metric("eval", step, "heldout_pairwise_accuracy",
                            round(pairwise_accuracy(ppm, held_out, args.batch_size, device), 4))

    progress.phase("export", out=args.out)
    ppm.eval()
    probe_pairs = (held_out or train)[:4]
    probe_texts = [text for pos, neg, _ in probe_pairs for text in (pos, neg)]
    with torch.no_grad():
        probe_rewards = last_rewards(ppm, probe_texts, device).tolist()
    export_ppm_bundle(ppm, vocabulary, args.out, args.max_length, args.name)
    summary = {"out": args.out, "parameters": parameters, "steps": total, "pairs": len(train),
               "final_loss": round(loss.item(), 5), "config": config.to_dict(), "seed": args.seed,
               "train_pairwise_accuracy": round(pairwise_accuracy(ppm, train, args.batch_size, device), 4),
               # The app checks that its runtime reads the same rewards from the exported bundle.
               "probe": [{"text": vocabulary.decode(ids), "reward": reward} for ids, reward in zip(probe_texts, probe_rewards)]}
    if held_out:
        summary["heldout_pairwise_accuracy"] = round(pairwise_accuracy(ppm, held_out, args.batch_size, device), 4)
    return summary
