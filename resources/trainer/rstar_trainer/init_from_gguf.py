"""A PPM initialised from a policy, as in rStar-Math: the fine-tuned policy's decoder with its next-token head
replaced by a value head. The policy is read back from the GGUF the SFT step wrote, so any tiny policy the app has
(a shipped one, a round's) can seed a PPM."""

import numpy as np
import torch

from .export_gguf import trunk_tensors
from .llama_python import import_gguf
from .progress import TrainerError
from .tiny_llama import TinyLlamaConfig

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
        raise TrainerError(f"--init {path}: a `{architecture}` model; a PPM is initialised from a tiny `llama` policy")
    if field("tokenizer.ggml.tokens") != vocabulary.tokens:
        raise TrainerError(f"--init {path}: its vocabulary is not the tiny vocabulary the PPM is trained with")
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
                               "only F32 and F16 policies can seed a PPM")
        weights[tensor.name] = np.asarray(tensor.data, dtype=kind).astype(np.float32)
    return config, weights


@torch.no_grad()
def load_trunk(trunk, weights, path):
    """Copies the policy's weights into `trunk`, checking each name and shape (the output head is not read); returns
    how many tensors it copied."""
    copied = 0
    for name, parameter in trunk_tensors(trunk):
        value = weights.get(name)
        if value is None:
            raise TrainerError(f"--init {path}: the GGUF has no tensor {name}")
        if tuple(value.shape) != tuple(parameter.shape):
            raise TrainerError(f"--init {path}: {name} is {list(value.shape)}, the model expects {list(parameter.shape)}")
        parameter.copy_(torch.from_numpy(value))
        copied += 1
    return copied
