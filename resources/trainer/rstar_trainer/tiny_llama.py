"""A llama-architecture decoder written to compute exactly what llama.cpp's `llama` graph computes, so its weights go
into a GGUF as they are: RMSNorm, rotary embeddings on adjacent pairs (GGML's normal RoPE mode), grouped-query
attention, a SwiGLU feed-forward, an untied output matrix."""

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class TinyLlamaConfig:
    vocab_size: int
    dim: int = 128
    layers: int = 4
    heads: int = 4
    kv_heads: int = 2
    ffn_dim: int = 384
    max_positions: int = 4096
    rope_base: float = 10000.0
    norm_eps: float = 1e-5

    @property
    def head_dim(self):
        return self.dim // self.heads

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(config, length, device):
    inverse = config.rope_base ** (-torch.arange(0, config.head_dim, 2, dtype=torch.float32, device=device) / config.head_dim)
    angles = torch.arange(length, dtype=torch.float32, device=device)[:, None] * inverse[None, :]
    return angles.cos(), angles.sin()


def apply_rope(x, cos, sin):
    # x: [batch, heads, seq, head_dim]; pairs (2i, 2i+1) rotate by position · base^(−2i/d).
    even, odd = x[..., 0::2], x[..., 1::2]
    rotated = torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1)
    return rotated.flatten(-2)


class Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.q = nn.Linear(config.dim, config.heads * config.head_dim, bias=False)
        self.k = nn.Linear(config.dim, config.kv_heads * config.head_dim, bias=False)
        self.v = nn.Linear(config.dim, config.kv_heads * config.head_dim, bias=False)
        self.o = nn.Linear(config.heads * config.head_dim, config.dim, bias=False)

    def forward(self, x, cos, sin, mask):
        batch, length, _ = x.shape
        c = self.config
        q = self.q(x).view(batch, length, c.heads, c.head_dim).transpose(1, 2)
        k = self.k(x).view(batch, length, c.kv_heads, c.head_dim).transpose(1, 2)
        v = self.v(x).view(batch, length, c.kv_heads, c.head_dim).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        # Query head h reads key/value head h // (heads / kv_heads), as llama.cpp does.
        # (expand + reshape rather than repeat_interleave, which the ONNX export fixes to the example's shape)
        group = c.heads // c.kv_heads
        k = k[:, :, None].expand(batch, c.kv_heads, group, length, c.head_dim).reshape(batch, c.heads, length, c.head_dim)
        v = v[:, :, None].expand(batch, c.kv_heads, group, length, c.head_dim).reshape(batch, c.heads, length, c.head_dim)
        # `mask` is additive (0 or −inf); scaling q rather than the scores touches a seq× smaller tensor.
        scores = (q * c.head_dim ** -0.5) @ k.transpose(-2, -1) + mask
        out = F.softmax(scores, dim=-1) @ v
        return self.o(out.transpose(1, 2).reshape(batch, length, c.heads * c.head_dim))


class FeedForward(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate = nn.Linear(config.dim, config.ffn_dim, bias=False)
        self.up = nn.Linear(config.dim, config.ffn_dim, bias=False)
        self.down = nn.Linear(config.ffn_dim, config.dim, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attn_norm = RMSNorm(config.dim, config.norm_eps)
        self.attn = Attention(config)
        self.ffn_norm = RMSNorm(config.dim, config.norm_eps)
        self.ffn = FeedForward(config)

    def forward(self, x, cos, sin, mask):
        x = x + self.attn(self.attn_norm(x), cos, sin, mask)
        return x + self.ffn(self.ffn_norm(x))


class TinyLlama(nn.Module):
    """The decoder trunk: token ids → final normalised hidden states. The policy and the PPM put their heads on it."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.dim)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.norm = RMSNorm(config.dim, config.norm_eps)
        self.apply(self._init)

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)

    def forward(self, ids, attention_mask=None):
        length = ids.shape[1]
        cos, sin = rope_tables(self.config, length, ids.device)
        # Built from comparisons of positions (not tril/eye), which every ONNX runtime implements for booleans.
        positions = torch.arange(length, device=ids.device)
        mask = (positions[:, None] >= positions[None, :])[None, None]
        if attention_mask is not None:
            # Padding is never attended to; a padded position still sees itself, so no row is all −inf.
            keys = attention_mask.bool()[:, None, None, :]
            mask = mask & (keys | (positions[:, None] == positions[None, :])[None, None])
        mask = torch.zeros(mask.shape, device=ids.device).masked_fill(~mask, float("-inf"))
        x = self.embed(ids)
        for block in self.blocks:
            x = block(x, cos, sin, mask)
        return self.norm(x)


class TinyPolicy(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.trunk = TinyLlama(config)
        self.output = nn.Linear(config.dim, config.vocab_size, bias=False)
        nn.init.normal_(self.output.weight, std=0.02)

    @property
    def config(self):
        return self.trunk.config

    def forward(self, ids, attention_mask=None):
        return self.output(self.trunk(ids, attention_mask))


class TinyPpm(nn.Module):
    """The trunk and a scalar value head: a reward at every position; a trajectory's is the one at its last token."""

    def __init__(self, config):
        super().__init__()
        self.trunk = TinyLlama(config)
        self.value = nn.Linear(config.dim, 1)
        nn.init.normal_(self.value.weight, std=0.02)
        nn.init.zeros_(self.value.bias)

    @property
    def config(self):
        return self.trunk.config

    def forward(self, input_ids, attention_mask):
        rewards = self.value(self.trunk(input_ids, attention_mask)).squeeze(-1)
        return rewards * attention_mask.to(rewards.dtype)
