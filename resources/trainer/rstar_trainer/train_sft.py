"""Supervised fine-tuning of the tiny policy on (query, response): the loss is on the response only, and not on the
`<output>` blocks inside it, which the executor writes, not the policy."""

import re

import torch
import torch.nn.functional as F

from .data import TRAINING_TEMPLATE, read_sft
from .export_gguf import export_tiny_gguf, policy_tensors
from .init_from_gguf import build_model
from .progress import TrainerError
from .training import optimise, pad, pick_device, seed_everything
from .tiny_llama import TinyPolicy
from .vocabulary import BOS, EOS, Vocabulary

# The executor's output block and the step delimiter before it (the reference's layout: "\n<output>…<end_of_output>").
OUTPUT_BLOCK = re.compile(r"\n?<output>.*?<end_of_output>", re.S)


def encode_example(vocabulary, row, digit_weight=1.0):
    """Token ids of query + response + EOS, and the loss weight of each: 0 for what is only read (the query, the
    executor's output), `digit_weight` for the digits the policy writes, 1 for the rest."""
    ids = [BOS] + vocabulary.encode(TRAINING_TEMPLATE.format(query=row["query"]))
    weights = [0.0] * len(ids)
    response = row["response"]

    def add(text, trained):
        piece = vocabulary.encode(text)
        ids.extend(piece)
        weights.extend((digit_weight if vocabulary.tokens[token].isdigit() else 1.0) if trained else 0.0 for token in piece)

    start = 0
    for block in OUTPUT_BLOCK.finditer(response):
        add(response[start:block.start()], True)
        add(block.group(), False)
        start = block.end()
    add(response[start:], True)
    ids.append(EOS)
    weights.append(1.0)
    return ids, weights


def encode_all(vocabulary, rows, max_length, path, digit_weight=1.0):
    examples = [encode_example(vocabulary, row, digit_weight) for row in rows]
    too_long = [index + 1 for index, (ids, _) in enumerate(examples) if len(ids) > max_length]
    if too_long:
        raise TrainerError(f"{path}: {len(too_long)} rows are longer than --max-length {max_length} tokens "
                           f"(first: row {too_long[0]})")
    return examples


def response_loss(policy, batch, device, digits=None):
    """The weighted loss over the response, the accuracy over its trained tokens, their count, and (given the ids of
    the digit tokens) how many of its digits are right, of how many — the numbers copied from the question, the hard part for a tiny
    model."""
    ids = pad([ids for ids, _ in batch], EOS).to(device)
    weights = pad([weights for _, weights in batch], 0.0, torch.float32).to(device)
    logits = policy(ids[:, :-1])
    targets, weights = ids[:, 1:], weights[:, 1:]
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    correct = (logits.argmax(-1) == targets).float()
    trained = (weights > 0).float()
    count = trained.sum()
    loss = (losses * weights.reshape(-1)).sum() / weights.sum()
    digit_counts = None
    if digits is not None:
        digit_mask = trained * torch.isin(targets, digits).float()
        digit_counts = ((correct * digit_mask).sum().item(), digit_mask.sum().item())
    return loss, (correct * trained).sum() / count, count, digit_counts


@torch.no_grad()
def evaluate(policy, vocabulary, examples, batch_size, device):
    """Held-out loss, token accuracy and digit accuracy over the trained tokens, teacher-forced."""
    policy.eval()
    digits = torch.tensor([vocabulary.ids[str(d)] for d in range(10)], device=device)
    loss_sum = accuracy_sum = tokens = digits_right = digits_seen = 0.0
    for start in range(0, len(examples), batch_size):
        loss, accuracy, count, (right, seen) = response_loss(policy, examples[start:start + batch_size], device, digits)
        loss_sum += loss.item() * count.item()
        accuracy_sum += accuracy.item() * count.item()
        tokens += count.item()
        digits_right += right
        digits_seen += seen
    policy.train()
    return loss_sum / tokens, accuracy_sum / tokens, digits_right / max(1.0, digits_seen)


@torch.no_grad()
def greedy(policy, vocabulary, text, tokens, device):
    """What the trained weights write after `text`, greedily: the app checks its GGUF writes the same."""
    policy.eval()
    ids = [BOS] + vocabulary.encode(text)
    generated = []
    for _ in range(tokens):
        logits = policy(torch.tensor([ids], device=device))[0, -1]
        token = int(logits.argmax())
        if token == EOS:
            break
        ids.append(token)
        generated.append(token)
    return vocabulary.decode(generated)


def train_sft(args, progress):
    seed_everything(args.seed)
    device = pick_device(args.device)
    vocabulary = Vocabulary()
    progress.phase("load", data=args.data)
    train_rows = read_sft(args.data)
    held_out_rows = read_sft(args.eval_data) if args.eval_data else []
    train = encode_all(vocabulary, train_rows, args.max_length, args.data, args.digit_weight)
    held_out = encode_all(vocabulary, held_out_rows, args.max_length, args.eval_data)
    # As a self-evolution round continues from the previous round's policy, --init reads every weight of it.
    policy, init = build_model(args, vocabulary, TinyPolicy, policy_tensors)
    policy.to(device)

    def batch_loss(batch):
        loss, accuracy, _, _ = response_loss(policy, batch, device)
        return loss, {"token_accuracy": accuracy}

    held_out_metrics = {}

    def evaluate_held_out(step):
        held_loss, held_accuracy, held_digits = evaluate(policy, vocabulary, held_out, args.batch_size, device)
        held_out_metrics.update(heldout_loss=round(held_loss, 5), heldout_token_accuracy=round(held_accuracy, 4),
                                heldout_digit_accuracy=round(held_digits, 4))
        progress.metric("eval", step, "heldout_loss", held_out_metrics["heldout_loss"],
                        token_accuracy=held_out_metrics["heldout_token_accuracy"],
                        digit_accuracy=held_out_metrics["heldout_digit_accuracy"])

    final_loss, total = optimise(policy, train, args, progress, batch_loss, evaluate_held_out if held_out else None,
                                    tokens_of=lambda example: len(example[0]))
    parameters = sum(p.numel() for p in policy.parameters())

    progress.phase("export", out=args.out)
    export_tiny_gguf(policy, vocabulary, args.out, args.name)
    probe_query = TRAINING_TEMPLATE.format(query=(held_out_rows or train_rows)[0]["query"])
    summary = {"out": args.out, "parameters": parameters, "steps": total, "examples": len(train),
               "final_loss": round(final_loss, 5), "config": policy.config.to_dict(), "seed": args.seed, "init": init,
               "probe": {"query": probe_query, "greedy": greedy(policy, vocabulary, probe_query, args.probe_tokens, device)}}
    # `optimise` evaluates after the last step too: these are the final weights' figures (none without held-out data).
    summary.update(held_out_metrics)
    return summary
