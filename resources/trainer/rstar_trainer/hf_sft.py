"""SFT of a Hugging Face policy (`rstar train sft --model`): the whole model or a LoRA (peft), the loss on the response
only and not on its `<output>` blocks, the query in the reference's training template; exported to GGUF with
llama.cpp's converters, as one model (a LoRA merged in) or as a LoRA adapter GGUF on top of the base."""

from pathlib import Path

import torch
import torch.nn.functional as F

from .data import TRAINING_TEMPLATE, read_sft
from .hf_export import convert_folder, export_lora_gguf, export_model_gguf
from .hf_model import encode, load_causal_lm, load_tokenizer, model_source, prefix_ids
from .progress import TrainerError
from .train_sft import OUTPUT_BLOCK
from .training import optimise, pad, pick_device, seed_everything

# The modules a LoRA adapts: attention and MLP projections, the names Llama, Qwen2, Mistral and kin share.
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def encode_example(tokenizer, row):
    """Token ids of prefix + query (training template) + response + EOS, each with its loss weight: 0 for what is
    only read (the query, the executor's output blocks), 1 for what the policy writes. The response is tokenised
    piece by piece, output blocks apart, as the app feeds them: generated steps as generated, outputs as text."""
    ids = prefix_ids(tokenizer) + encode(tokenizer, TRAINING_TEMPLATE.format(query=row["query"]))
    weights = [0.0] * len(ids)

    def add(text, trained):
        piece = encode(tokenizer, text)
        ids.extend(piece)
        weights.extend([1.0 if trained else 0.0] * len(piece))

    response, start = row["response"], 0
    for block in OUTPUT_BLOCK.finditer(response):
        add(response[start:block.start()], True)
        add(block.group(), False)
        start = block.end()
    add(response[start:], True)
    ids.append(tokenizer.eos_token_id)
    weights.append(1.0)
    return ids, weights


def encode_rows(tokenizer, rows, max_length, path):
    examples = [encode_example(tokenizer, row) for row in rows]
    too_long = [index + 1 for index, (ids, _) in enumerate(examples) if len(ids) > max_length]
    if too_long:
        raise TrainerError(f"{path}: {len(too_long)} rows are longer than --max-length {max_length} tokens (first: row {too_long[0]})")
    return examples


def response_loss(model, batch, pad_id, device):
    """Weighted cross-entropy over the response and the accuracy of its trained tokens. Right padding only: under
    the causal mask no real token sees the padding, so no attention mask is needed."""
    ids = pad([ids for ids, _ in batch], pad_id).to(device)
    weights = pad([weights for _, weights in batch], 0.0, torch.float32).to(device)
    logits = model(input_ids=ids[:, :-1]).logits
    targets, weights = ids[:, 1:], weights[:, 1:]
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), targets.reshape(-1), reduction="none")
    loss = (losses * weights.reshape(-1)).sum() / weights.sum()
    trained = weights > 0
    accuracy = ((logits.argmax(-1) == targets) & trained).sum() / trained.sum()
    return loss, accuracy, trained.sum()


@torch.no_grad()
def held_out_loss(model, examples, batch_size, pad_id, device):
    model.eval()
    loss_sum = accuracy_sum = tokens = 0.0
    for start in range(0, len(examples), batch_size):
        loss, accuracy, count = response_loss(model, examples[start:start + batch_size], pad_id, device)
        loss_sum += loss.item() * count.item()
        accuracy_sum += accuracy.item() * count.item()
        tokens += count.item()
    model.train()
    return loss_sum / tokens, accuracy_sum / tokens


@torch.no_grad()
def greedy_ids(model, ids, tokens, eos_id, device):
    """What the weights write after `ids`, greedily, with no cache: the app checks its GGUF writes the same."""
    model.eval()
    ids = list(ids)
    generated = []
    for _ in range(tokens):
        token = int(model(input_ids=torch.tensor([ids], device=device)).logits[0, -1].argmax())
        if token == eos_id:
            break
        ids.append(token)
        generated.append(token)
    return generated


def wrap_lora(model, args):
    try:
        import peft
    except ImportError as error:
        raise TrainerError("--lora-rank needs the `peft` package in the trainer's Python (resources/trainer/requirements.txt)") from error
    targets = [name for name in LORA_TARGETS if any(module.endswith(name) for module, _ in model.named_modules())]
    if not targets:
        raise TrainerError(f"--lora-rank: the model has none of the projections a LoRA adapts ({', '.join(LORA_TARGETS)})")
    config = peft.LoraConfig(r=args.lora_rank, lora_alpha=args.lora_alpha or 2 * args.lora_rank, lora_dropout=0.0,
                             target_modules=targets, bias="none", task_type="CAUSAL_LM")
    return peft.get_peft_model(model, config)


def train_hf_sft(args, progress):
    seed_everything(args.seed)
    device = pick_device(args.device)
    if args.gguf_type not in (None, "f32", "f16", "bf16", "q8_0"):
        raise TrainerError(f"--gguf-type {args.gguf_type}: f32, f16, bf16 or q8_0")
    progress.phase("load", data=args.data, model=args.model)
    tokenizer = load_tokenizer(args.model)
    train_rows = read_sft(args.data)
    held_out_rows = read_sft(args.eval_data) if args.eval_data else []
    train = encode_rows(tokenizer, train_rows, args.max_length, args.data)
    held_out = encode_rows(tokenizer, held_out_rows, args.max_length, args.eval_data)
    base = load_causal_lm(args.model)
    model = wrap_lora(base, args) if args.lora_rank else base
    model.to(device)
    model.train()
    pad_id = tokenizer.eos_token_id

    def batch_loss(batch):
        loss, accuracy, _ = response_loss(model, batch, pad_id, device)
        return loss, {"token_accuracy": accuracy}

    held_out_metrics = {}

    def evaluate_held_out(step):
        loss, accuracy = held_out_loss(model, held_out, args.batch_size, pad_id, device)
        held_out_metrics.update(heldout_loss=round(loss, 5), heldout_token_accuracy=round(accuracy, 4))
        progress.metric("eval", step, "heldout_loss", held_out_metrics["heldout_loss"], token_accuracy=held_out_metrics["heldout_token_accuracy"])

    final_loss, total = optimise(model, train, args, progress, batch_loss, evaluate_held_out if held_out else None,
                                 tokens_of=lambda example: len(example[0]))
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    parameters = sum(p.numel() for name, p in model.named_parameters() if "lora_" not in name)

    progress.phase("export", out=args.out)
    model.eval()
    probe_query = TRAINING_TEMPLATE.format(query=(held_out_rows or train_rows)[0]["query"])
    probe_prompt = prefix_ids(tokenizer) + encode(tokenizer, probe_query)
    probe = greedy_ids(model, probe_prompt, args.probe_tokens, tokenizer.eos_token_id, device)
    gguf_type = args.gguf_type or "f16"
    model.to("cpu")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    if args.lora_rank and args.lora_export == "adapter":
        base_gguf = args.model
        if model_source(args.model)[1] is None:
            # A folder's model: the adapter needs its base as a GGUF beside it, for node-llama-cpp.
            base_gguf = str(Path(args.out).with_suffix("")) + "-base.gguf"
            convert_folder(args.model, base_gguf, gguf_type, f"{args.name}-base")
        export_lora_gguf(model, base, tokenizer, args.out, gguf_type, base_gguf, args.name)
    else:
        export_model_gguf(model.merge_and_unload() if args.lora_rank else model, tokenizer, args.out, gguf_type, args.name)
    summary = {"out": args.out, "parameters": parameters, "trainable_parameters": trainable, "steps": total,
               "examples": len(train), "final_loss": round(final_loss, 5), "seed": args.seed, "model": args.model,
               "lora": {"rank": args.lora_rank, "alpha": args.lora_alpha or 2 * args.lora_rank, "export": args.lora_export} if args.lora_rank else None,
               "gguf_type": gguf_type,
               "probe": {"query": probe_query, "prompt_ids": probe_prompt, "greedy": tokenizer.decode(probe), "greedy_ids": probe}}
    summary.update(held_out_metrics)
    return summary
