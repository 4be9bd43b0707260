"""Training data in the reference implementation's JSON-lines layouts, read strictly: a bad line stops the run with its
file and line number.

SFT: {"query": the question, "response": the solution it learns to write}, as the reference's SFT sampling writes
them; the trainer wraps the query in the reference's training template (TRAINING_TEMPLATE), as its SFT trainer does.
PPM pairs: {"prompt": the prompt and the steps so far, "pos": a better next step, "neg": a worse one,
"pos_count": positives of this prompt, "neg_count": negatives of this prompt}."""

import json

from .progress import TrainerError

SFT_FIELDS = {"query": str, "response": str}

# The reference's training template: the app's `rstarTrainingPrompt` (src-main/policy/promptFormats.ts), which a test
# holds equal to this one. Inference adds a blank line before the assistant line; training, like the reference's, not.
TRAINING_TEMPLATE = "<|user|>:\n{query}\n<|assistant|>: Let's think step by step and solve the problem with code."


def inference_layout(prompt):
    """A pair's prompt (training template) as the app's inference template writes it: a blank line before the
    assistant line."""
    return prompt.replace("\n<|assistant|>", "\n\n<|assistant|>", 1)
PAIR_FIELDS = {"prompt": str, "pos": str, "neg": str, "pos_count": int, "neg_count": int}


def read_jsonl(path, fields):
    rows = []
    try:
        file = open(path, "r", encoding="utf-8")
    except OSError as error:
        raise TrainerError(f"cannot read {path}: {error.strerror}") from error
    with file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise TrainerError(f"{path}:{number}: invalid JSON ({error.msg} at column {error.colno})") from error
            except UnicodeDecodeError as error:
                raise TrainerError(f"{path}:{number}: invalid UTF-8") from error
            if not isinstance(row, dict):
                raise TrainerError(f"{path}:{number}: expected an object with {', '.join(fields)}")
            for name, kind in fields.items():
                value = row.get(name)
                # bool is an int in Python; a count of True is a mistake in the file.
                if not isinstance(value, kind) or isinstance(value, bool):
                    raise TrainerError(f"{path}:{number}: \"{name}\" must be a {kind.__name__}")
                if kind is int and value < 1:
                    raise TrainerError(f"{path}:{number}: \"{name}\" must be at least 1")
            rows.append({name: row[name] for name in fields})
    if not rows:
        raise TrainerError(f"{path}: no rows")
    return rows


def read_sft(path):
    return read_jsonl(path, SFT_FIELDS)


def read_pairs(path):
    return read_jsonl(path, PAIR_FIELDS)
