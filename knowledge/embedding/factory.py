"""Build the configured embedder."""

from __future__ import annotations

from knowledge.config import KnowledgeConfig
from knowledge.embedding.base import Embedder
from knowledge.errors import ConfigurationError


def embedding_dimension(config: KnowledgeConfig) -> int:
    """The size of the configured embedder's vectors; the local model's is known without loading it."""
    if config.embedding_provider == "local":
        from knowledge.embedding.onnx_minilm import MiniLMEmbedder

        return MiniLMEmbedder.dimension
    return load_embedder(config).dimension


def load_embedder(config: KnowledgeConfig) -> Embedder:
    """The local ONNX model by default; OpenAI's embeddings API when the config asks for it."""
    if config.embedding_provider == "local":
        from knowledge.embedding.onnx_minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    if config.openai_api_key is None:
        raise ConfigurationError("embedding_provider is 'openai' but no OpenAI API key is configured")
    from knowledge.embedding.openai import OpenAIEmbedder

    return OpenAIEmbedder(
        api_key=config.openai_api_key.get_secret_value(),
        model=config.openai_embedding_model,
        base_url=config.openai_base_url,
    )
