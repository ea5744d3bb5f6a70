"""OpenAI's embeddings API (or any compatible endpoint), used only when configured."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np

from knowledge.embedding.base import Matrix
from knowledge.errors import EmbeddingError

DEFAULT_BASE_URL = "https://api.openai.com/v1"
KNOWN_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}
BATCH_SIZE = 128
ATTEMPTS = 3


class OpenAIEmbedder:
    """Embeds through `POST {base_url}/embeddings`; vectors are re-normalised so cosine and dot agree."""

    def __init__(self, *, api_key: str, model: str, base_url: str | None = None, timeout: float = 30.0) -> None:
        self._model = model
        self._client = httpx.Client(
            base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=timeout,
        )
        self._dimension = KNOWN_DIMENSIONS.get(model)

    @property
    def model_id(self) -> str:
        """The API model name, prefixed so it never collides with a local model id."""
        return f"openai:{self._model}"

    @property
    def dimension(self) -> int:
        """Known for OpenAI's models; measured once with a probe request for any other."""
        if self._dimension is None:
            self._dimension = int(self.embed_query("dimension probe").shape[0])
        return self._dimension

    def embed_documents(self, texts: Sequence[str]) -> Matrix:
        """Embed in batches of `BATCH_SIZE` inputs."""
        rows = [self._request(list(texts[i : i + BATCH_SIZE])) for i in range(0, len(texts), BATCH_SIZE)]
        matrix: Matrix = np.concatenate(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)
        return matrix

    def embed_query(self, text: str) -> Matrix:
        """Embed one query."""
        vector: Matrix = self._request([text])[0]
        return vector

    def _request(self, texts: list[str]) -> Matrix:
        body = self._post({"model": self._model, "input": texts})
        data = sorted(body["data"], key=lambda item: item["index"])
        vectors = np.array([item["embedding"] for item in data], dtype=np.float32)
        normalised: Matrix = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return normalised

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        for attempt in range(ATTEMPTS):
            try:
                response = self._client.post("/embeddings", json=payload)
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}"
            else:
                if response.status_code == httpx.codes.OK:
                    result: dict[str, Any] = response.json()
                    return result
                error = f"HTTP {response.status_code}"
                if response.status_code not in (429, 500, 502, 503, 504):
                    break
            time.sleep(2**attempt)
        raise EmbeddingError(f"the embeddings API failed ({error})")
