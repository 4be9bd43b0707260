"""Models initialised from a policy GGUF (`--init`), read back from the file the SFT step wrote, so any tiny policy the
app has (a shipped one, a round's) can seed them: a PPM, as in rStar-Math, takes the policy's decoder with its
next-token head replaced by a value head; the SFT of a self-evolution round continues from the previous round's
policy, every weight of it."""

import hashlib

import numpy as np
import torch

from .llama_python import import_gguf
from .progress import TrainerError
from .tiny_llama import TinyLlamaConfig
from .training import SHAPE_FLAGS, model_config

# gguf-py's numbers for the element types a tiny policy is stored in; anything quantised is refused.
READABLE_TYPES = {0: np.float32, 1: np.float16}


def read_policy_gguf(path, vocabulary):
    """The trunk's config and its weights (GGUF name → float32 array) from a tiny-vocabulary `llama` GGUF."""
    gguf = import_gguf()
    try:
        reader = gguf.GGUFReader(str(path))
    except (OSError, ValueError) as error:
        raise TrainerError(f"--init {path}: not a readable GGUF ({error})") from error

    def field(key):
        value = reader.get_field(key)
        if value is None:
            raise TrainerError(f"--init {path}: the GGUF has no {key}")
        return value.contents()

    architecture = field("general.architecture")
    if architecture != "llama":
        raise TrainerError(f"--init {path}: a `{architecture}` model; --init takes a tiny `llama` policy")
    if field("tokenizer.ggml.tokens") != vocabulary.tokens:
        raise TrainerError(f"--init {path}: its vocabulary is not the tiny vocabulary the trainer encodes data with")
    config = TinyLlamaConfig(vocab_size=len(vocabulary), dim=field("llama.embedding_length"), layers=field("llama.block_count"),
                             heads=field("llama.attention.head_count"), kv_heads=field("llama.attention.head_count_kv"),
                             ffn_dim=field("llama.feed_forward_length"), max_positions=field("llama.context_length"),
                             rope_base=float(field("llama.rope.freq_base")),
                             # Stored as float32: 1e-5 comes back as 9.99999974e-06, and goes out again the same.
                             norm_eps=float(field("llama.attention.layer_norm_rms_epsilon")))
    weights = {}
    for tensor in reader.tensors:
        kind = READABLE_TYPES.get(int(tensor.tensor_type))
        if kind is None:
            raise TrainerError(f"--init {path}: {tensor.name} is stored as {tensor.tensor_type.name}; "
                               "only F32 and F16 policies can be read back")
        weights[tensor.name] = np.asarray(tensor.data, dtype=kind).astype(np.float32)
    return config, weights


def read_init(args, vocabulary):
    """The config and weights of the policy `--init` names. The model takes the GGUF's shape; a shape flag given as
    well must agree with it, since a flag quietly overridden would train another model than the one asked for."""
    config, weights = read_policy_gguf(args.init, vocabulary)
    disagreeing = [f"--{name.replace('_', '-')} {getattr(args, name)} (it has {getattr(config, name)})"
                   for name in SHAPE_FLAGS if getattr(args, name) not in (None, getattr(config, name))]
    if disagreeing:
        raise TrainerError(f"--init takes the model's shape from {args.init}: {', '.join(disagreeing)}; "
                           "leave the shape flags out")
    return config, weights


@torch.no_grad()
def load_tensors(named, weights, path):
    """Copies the GGUF's weights into the (GGUF name, parameter) pairs `named`, checking each name and shape; returns
    how many tensors it copied. Tensors of the GGUF not named (a policy's output head, for a PPM) are not read."""
    copied = 0
    for name, parameter in named:
        value = weights.get(name)
        if value is None:
            raise TrainerError(f"--init {path}: the GGUF has no tensor {name}")
        if tuple(value.shape) != tuple(parameter.shape):
            raise TrainerError(f"--init {path}: {name} is {list(value.shape)}, the model expects {list(parameter.shape)}")
        parameter.copy_(torch.from_numpy(value))
        copied += 1
    return copied


def init_record(path, tensors):
    """What the summary says a model started from: the file, its digest (a round's policy file may be rewritten
    later under the same name) and how many tensors were read."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return {"file": path, "sha256": digest.hexdigest(), "tensors": tensors}


def build_model(args, vocabulary, model_class, initialised):
    """The model to train and what it was initialised from (for the summary): a fresh `model_class` of the flags'
    shape, or with --init one of the GGUF's shape whose `initialised(model)` tensors are read from it — every weight of
    a policy an SFT continues from, the decoder of the policy a PPM starts from."""
    if not args.init:
        torch.manual_seed(args.seed)
        return model_class(model_config(args, vocabulary)), None
    config, weights = read_init(args, vocabulary)
    torch.manual_seed(args.seed)
    model = model_class(config)
    return model, init_record(args.init, load_tensors(initialised(model), weights, args.init))
