"""The knowledge package's configuration, built by the caller (bot/settings.py or `python -m knowledge`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from knowledge.tuning import RetrievalTuning

# Our ticket field -> the export's column. Identity by default; see knowledge.sources.ticket_fields for the
# aliases tried when a configured column is absent from an export.
DEFAULT_TICKET_FIELDS: dict[str, str] = {
    name: name
    for name in ("id", "title", "description", "comments", "resolution", "status", "tags", "created", "resolved")
}

# The calibrated probability (see knowledge.retrieval.confidence) above which a result counts as relevant.
DEFAULT_MIN_RELEVANCE = 0.6


class KnowledgeConfig(BaseModel):
    """Where the index lives, which embedder builds it, and how ticket exports map onto our fields."""

    model_config = ConfigDict(frozen=True)

    home: Path
    qdrant_url: str | None = None
    qdrant_api_key: SecretStr | None = None
    collection: str = "opsbot"
    embedding_provider: Literal["local", "openai"] = "local"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_embedding_model: str = "text-embedding-3-small"
    ticket_fields: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_TICKET_FIELDS))
    min_relevance: float = Field(default=DEFAULT_MIN_RELEVANCE, ge=0.0, le=1.0)
    tuning: RetrievalTuning = Field(default_factory=RetrievalTuning)

    @property
    def qdrant_path(self) -> Path:
        """The embedded store's folder."""
        return self.home / "qdrant"
