"""Supervised fine-tuning of the tiny policy on (query, response): the loss is on the response only, and not on the
`<output>` blocks inside it, which the executor writes, not the policy."""

import re

import torch
import torch.nn.functional as F

from .data import read_sft
from .export_gguf import export_tiny_gguf
from .progress import TrainerError
from .training import model_config, optimise, pad, pick_device, seed_everything
from .tiny_llama import TinyPolicy
from .vocabulary import BOS, EOS, Vocabulary

OUTPUT_BLOCK = re.compile(r"\n<output>\n.*?<end_of_output>\n?", re.S)


def encode_example(vocabulary, row):
    """Token ids of query + response + EOS, and which of them are trained (1) or only read (0)."""
    ids = [BOS] + vocabulary.encode(row["query"])
    trained = [0] * len(ids)
    response = row["response"]

    def add(text, weight):
        piece = vocabulary.encode(text)
        ids.extend(piece)
        trained.extend([weight] * len(piece))

    start = 0
    for block in OUTPUT_BLOCK.finditer(response):
        add(response[start:block.start()], 1)
        add(block.group(), 0)
        start = block.end()
    add(response[start:], 1)
    ids.append(EOS)
    trained.append(1)
    return ids, trained


def encode_all(vocabulary, rows, max_length, path):
    examples = [encode_example(vocabulary, row) for row in rows]
    too_long = [index + 1 for index, (ids, _) in enumerate(examples) if len(ids) > max_length]
    if too_long:
        raise TrainerError(f"{path}: {len(too_long)} rows are longer than --max-length {max_length} tokens "
                           f"(first: row {too_long[0]})")
    return examples


def response_loss(policy, batch, device):
    ids = pad([ids for ids, _ in batch], EOS).to(device)
    weights = pad([trained for _, trained in batch], 0).to(device)
    logits = policy(ids[:, :-1])
    targets, weights = ids[:, 1:], weights[:, 1:].float()
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    correct = (logits.argmax(-1) == targets).float()
    count = weights.sum()
    return (losses * weights.reshape(-1)).sum() / count, (correct * weights).sum() / count, count


@torch.no_grad()
def evaluate(policy, examples, batch_size, device):
    policy.eval()
    loss_sum = accuracy_sum = tokens = 0.0
    for start in range(0, len(examples), batch_size):
        loss, accuracy, count = response_loss(policy, examples[start:start + batch_size], device)
        loss_sum += loss.item() * count.item()
        accuracy_sum += accuracy.item() * count.item()
        tokens += count.item()
    policy.train()
    return loss_sum / tokens, accuracy_sum / tokens


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
    train = encode_all(vocabulary, read_sft(args.data), args.max_length, args.data)
    held_out = encode_all(vocabulary, read_sft(args.eval_data), args.max_length, args.eval_data) if args.eval_data else []
    config = model_config(args, vocabulary)
    torch.manual_seed(args.seed)
    policy = TinyPolicy(config).to(device)

    def batch_loss(batch):
        loss, accuracy, _ = response_loss(policy, batch, device)
        return loss, {"token_accuracy": accuracy}

    def evaluate_held_out(step):
        held_loss, held_accuracy = evaluate(policy, held_out, args.batch_size, device)
        progress.metric("eval", step, "heldout_loss", round(held_loss, 5), token_accuracy=round(held_accuracy, 4))

    final_loss, total = optimise(policy, train, args, progress, batch_loss, evaluate_held_out if held_out else None)
    parameters = sum(p.numel() for p in policy.parameters())

    progress.phase("export", out=args.out)
    export_tiny_gguf(policy, vocabulary, args.out, args.name)
    probe_query = read_sft(args.eval_data or args.data)[0]["query"]
    summary = {"out": args.out, "parameters": parameters, "steps": total, "examples": len(train),
               "final_loss": round(final_loss, 5), "config": config.to_dict(), "seed": args.seed,
               "probe": {"query": probe_query, "greedy": greedy(policy, vocabulary, probe_query, args.probe_tokens, device)}}
    if held_out:
        held_loss, held_accuracy = evaluate(policy, held_out, args.batch_size, device)
        summary.update(heldout_loss=round(held_loss, 5), heldout_token_accuracy=round(held_accuracy, 4))
    return summary
