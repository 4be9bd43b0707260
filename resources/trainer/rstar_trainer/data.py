"""Training data in the reference implementation's JSON-lines layouts, read strictly: a bad line stops the run with its
file and line number.

SFT: {"query": text the model reads, "response": the solution it learns to write}. The query is the prompt exactly as
the policy will see it (the app writes it in its prompt format), so the trainer has no template of its own.
PPM pairs: {"prompt": the prompt and the steps so far, "pos": a better next step, "neg": a worse one,
"pos_count": positives of this prompt, "neg_count": negatives of this prompt}."""

import json

from .progress import TrainerError

SFT_FIELDS = {"query": str, "response": str}
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
