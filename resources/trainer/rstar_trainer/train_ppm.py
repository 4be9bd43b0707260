"""The tiny PPM: trained on step preference pairs with the pairwise loss −log σ(r_pos − r_neg), each pair weighted by
1/(pos_count · neg_count) so that every prompt counts once, however many pairs it has (as in the reference)."""

import torch
import torch.nn.functional as F

from .data import inference_layout, read_pairs
from .export_onnx import export_ppm_bundle
from .export_gguf import trunk_tensors
from .init_from_gguf import build_model
from .training import optimise, pad, pick_device, seed_everything
from .tiny_llama import TinyPpm
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


def last_rewards(ppm, sequences, device, pad_id=EOS):
    ids = pad(sequences, pad_id).to(device)
    mask = pad([[1] * len(sequence) for sequence in sequences], 0).to(device)
    rewards = ppm(ids, mask)
    last = torch.tensor([len(sequence) - 1 for sequence in sequences], device=device)
    return rewards[torch.arange(len(sequences), device=device), last]


def pair_rewards(ppm, batch, device, pad_id=EOS):
    rewards = last_rewards(ppm, [pos for pos, _, _ in batch] + [neg for _, neg, _ in batch], device, pad_id)
    return rewards[:len(batch)], rewards[len(batch):]


@torch.no_grad()
def pairwise_accuracy(ppm, pairs, batch_size, device, pad_id=EOS):
    ppm.eval()
    right = 0
    for start in range(0, len(pairs), batch_size):
        pos, neg = pair_rewards(ppm, pairs[start:start + batch_size], device, pad_id)
        right += int((pos > neg).sum())
    ppm.train()
    return right / len(pairs)


def pairwise_loss(ppm, device, pad_id):
    """The batch loss for `optimise`: −log σ(r_pos − r_neg), each pair weighted by its 1/(pos_count · neg_count)."""
    def batch_loss(batch):
        pos, neg = pair_rewards(ppm, batch, device, pad_id)
        weights = torch.tensor([weight for _, _, weight in batch], device=device)
        loss = (-F.logsigmoid(pos - neg) * weights).sum() / weights.sum()
        return loss, {"pair_accuracy": (pos > neg).float().mean()}
    return batch_loss


def train_ppm(args, progress):
    seed_everything(args.seed)
    device = pick_device(args.device)
    vocabulary = Vocabulary()
    # As in rStar-Math, --init starts the PPM from a policy: its decoder, with a new value head.
    ppm, init = build_model(args, vocabulary, TinyPpm, lambda model: trunk_tensors(model.trunk))
    ppm.to(device)
    progress.phase("load", data=args.pairs)
    train_rows = read_pairs(args.pairs)
    held_out_rows = read_pairs(args.eval_pairs) if args.eval_pairs else []
    train = encode_pairs(vocabulary, train_rows, args.max_length)
    held_out = encode_pairs(vocabulary, held_out_rows, args.max_length)

    batch_loss = pairwise_loss(ppm, device, EOS)
    held_out_accuracy = None

    def evaluate_held_out(step):
        nonlocal held_out_accuracy
        held_out_accuracy = round(pairwise_accuracy(ppm, held_out, args.batch_size, device), 4)
        progress.metric("eval", step, "heldout_pairwise_accuracy", held_out_accuracy)

    final_loss, total = optimise(ppm, train, args, progress, batch_loss, evaluate_held_out if held_out else None,
                                    tokens_of=lambda pair: len(pair[0]) + len(pair[1]))
    parameters = sum(p.numel() for p in ppm.parameters())

    progress.phase("export", out=args.out)
    ppm.eval()
    # Probes in the layout the app scores: the inference template (its blank line) and a step, for the app's tests.
    probe_texts = [([BOS] + vocabulary.encode(inference_layout(row["prompt"]) + row[side]))[-args.max_length:]
                   for row in (held_out_rows or train_rows)[:4] for side in ("pos", "neg")]
    with torch.no_grad():
        probe_rewards = last_rewards(ppm, probe_texts, device).tolist()
    export_ppm_bundle(ppm, vocabulary, args.out, args.max_length, args.name)
    summary = {"out": args.out, "parameters": parameters, "steps": total, "pairs": len(train),
               "final_loss": round(final_loss, 5), "config": ppm.config.to_dict(), "seed": args.seed, "init": init,
               "train_pairwise_accuracy": round(pairwise_accuracy(ppm, train, args.batch_size, device), 4),
               # The app checks that its runtime reads the same rewards from the exported bundle.
               "probe": [{"text": vocabulary.decode(ids), "reward": reward} for ids, reward in zip(probe_texts, probe_rewards)]}
    if held_out:
        # `optimise` evaluates after the last step too: this is the final weights' figure.
        summary["heldout_pairwise_accuracy"] = held_out_accuracy
    return summary
