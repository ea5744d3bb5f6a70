"""The embedding interface: the local ONNX model and the OpenAI-compatible client."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from knowledge.config import KnowledgeConfig
from knowledge.embedding import load_embedder
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.embedding.openai import OpenAIEmbedder
from knowledge.errors import ConfigurationError, EmbeddingError


class _Embeddings(BaseHTTPRequestHandler):
    """A stub of POST /v1/embeddings that returns 3-d vectors, in reverse order, or 400 on request."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body["model"] == "bad-model":
            self.send_response(400)
            self.end_headers()
            return
        data = [{"index": i, "embedding": [float(len(text)), 0.0, 1.0]} for i, text in enumerate(body["input"])]
        payload = json.dumps({"data": data[::-1]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def stub_url() -> Iterator[str]:
    """A local OpenAI-compatible embeddings endpoint."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Embeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_local_model_returns_unit_vectors_independent_of_batching(embedder: MiniLMEmbedder) -> None:
    """The ONNX model gives 384-d unit vectors, and a query embeds like the same text in a batch."""
    texts = ["pods keep restarting", "the disk on the node is almost full and logs must go"]
    batch = embedder.embed_documents(texts)
    assert batch.shape == (2, 384)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert float(batch[0] @ embedder.embed_query(texts[0])) > 0.999


def test_openai_embedder_orders_and_normalises(stub_url: str) -> None:
    """Vectors come back in input order and scaled to unit length; an unknown model's size is probed."""
    client = OpenAIEmbedder(api_key="test", model="custom-model", base_url=stub_url)
    vectors = client.embed_documents(["a", "abc"])
    assert np.allclose(vectors, [[1 / np.sqrt(2), 0, 1 / np.sqrt(2)], [3 / np.sqrt(10), 0, 1 / np.sqrt(10)]])
    assert (client.dimension, client.model_id) == (3, "openai:custom-model")


def test_openai_errors_become_embedding_errors(stub_url: str) -> None:
    """A rejected request raises EmbeddingError naming the HTTP status, without retrying a client error."""
    with pytest.raises(EmbeddingError, match="HTTP 400"):
        OpenAIEmbedder(api_key="test", model="bad-model", base_url=stub_url).embed_query("x")


def test_openai_provider_needs_a_key(tmp_path: Path) -> None:
    """Choosing OpenAI embeddings without an API key is a configuration error."""
    with pytest.raises(ConfigurationError, match="API key"):
        load_embedder(KnowledgeConfig(home=tmp_path, embedding_provider="openai"))
