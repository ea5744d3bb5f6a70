"""The LlamaIndex quickstart baseline for `evals.retrieval`, on the same ONNX MiniLM embedder.

Built the way the quickstart does it: `SimpleDirectoryReader(...).load_data()` then
`VectorStoreIndex.from_documents(documents)` with default settings (SentenceSplitter 1024/200, in-memory
SimpleVectorStore); only the embedding model is swapped for ours, wrapped as a LlamaIndex `BaseEmbedding`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from knowledge.embedding import Embedder


class OnnxEmbedding(BaseEmbedding):
    """Our `Embedder` behind LlamaIndex's embedding interface."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.model_id, embed_batch_size=64, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return list(self._embedder.embed_query(query).tolist())

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return list(self._embedder.embed_query(text).tolist())

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [list(row) for row in self._embedder.embed_documents(texts).tolist()]


def build_baseline(corpora: list[Path], embedder: Embedder, *, top_k: int) -> Callable[[str], list[str]]:
    """Index the corpora's markdown files; return a function from a query to the ranked file paths."""
    documents = []
    for corpus in corpora:
        documents.extend(SimpleDirectoryReader(str(corpus), recursive=True, required_exts=[".md"]).load_data())
    index = VectorStoreIndex.from_documents(documents, embed_model=OnnxEmbedding(embedder))
    retriever = index.as_retriever(similarity_top_k=top_k)

    def search(query: str) -> list[str]:
        return [str(node.node.metadata.get("file_path", "")) for node in retriever.retrieve(query)]

    return search
