"""The tiny models' vocabulary: one token per printable ASCII character, byte fallback for everything else, and the
method's markers as single tokens.

The policy's GGUF declares it as a SentencePiece ("llama") vocabulary with no merges and the PPM's tokenizer.json as a
BPE model with no merges and byte fallback, so llama.cpp, tokenizers.js and `encode` below cut any text into the same
ids: markers first, then a space becomes "▁", a printable character is itself, and anything else is its UTF-8 bytes.
"""

import json
import re

UNK, BOS, EOS = 0, 1, 2
SPACE = "\u2581"

# Split out of text wherever they occur, before characters are looked up.
METHOD_TOKENS = (
    "<code>", "<end_of_step>", "<end_of_code>", "<output>", "<end_of_output>",
    "<answer>", "<end_of_answer>", "<|user|>", "<|assistant|>",
)

# llama.cpp's token types.
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, BYTE = 1, 2, 3, 4, 6


class Vocabulary:
    def __init__(self):
        self.tokens = ["<unk>", "<s>", "</s>"]
        self.types = [UNKNOWN, CONTROL, CONTROL]
        for byte in range(256):
            self.tokens.append(f"<0x{byte:02X}>")
            self.types.append(BYTE)
        self.byte_base = 3
        self.tokens.append(SPACE)
        self.types.append(NORMAL)
        for code in range(0x21, 0x7F):
            self.tokens.append(chr(code))
            self.types.append(NORMAL)
        for token in METHOD_TOKENS:
            self.tokens.append(token)
            self.types.append(USER_DEFINED)
        self.ids = {token: index for index, token in enumerate(self.tokens)}
        self._markers = re.compile("(" + "|".join(re.escape(token) for token in METHOD_TOKENS) + ")")

    def __len__(self):
        return len(self.tokens)

    def encode(self, text):
        ids = []
        for piece in self._markers.split(text):
            if piece in METHOD_TOKENS:
                ids.append(self.ids[piece])
                continue
            for char in piece:
                if char == " ":
                    ids.append(self.ids[SPACE])
                elif char in self.ids and self.types[self.ids[char]] == NORMAL:
                    ids.append(self.ids[char])
                else:
                    ids.extend(self.byte_base + byte for byte in char.encode("utf-8"))
        return ids

    def decode(self, ids):
        out = bytearray()
        for index in ids:
            token = self.tokens[index]
            kind = self.types[index]
            if kind == BYTE:
                out.append(index - self.byte_base)
            elif kind == CONTROL or kind == UNKNOWN:
                continue
            else:
                out.extend(token.replace(SPACE, " ").encode("utf-8"))
        return out.decode("utf-8", errors="replace")

    def tokenizer_json(self):
        """A Hugging Face tokenizer.json that cuts text exactly as `encode` does (read by the app's PPM scorer)."""
        special = {"<unk>", "<s>", "</s>", *METHOD_TOKENS}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": self.ids[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True}
                for token in self.tokens if token in special
            ],
            "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": SPACE},
            "pre_tokenizer": None,
            "post_processor": None,
            "decoder": {"type": "Sequence", "decoders": [
                {"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
                {"type": "ByteFallback"},
                {"type": "Fuse"},
            ]},
            "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                      "vocab": dict(self.ids), "merges": []},
        }

    def write_tokenizer_json(self, path):
        with open(path, "w", encoding="utf-8") as file:
            json.dump(self.tokenizer_json(), file, ensure_ascii=False)
