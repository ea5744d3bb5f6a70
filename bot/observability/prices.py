"""What a model costs: the config file's `llm_prices:`, used for the cost estimate in /metrics and the report."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LlmPrice(BaseModel):
    """In your currency per 1,000 tokens, keyed by model name."""

    model_config = {"extra": "forbid"}

    input_per_1k: float = Field(ge=0)
    output_per_1k: float = Field(ge=0)
    cached_input_per_1k: float | None = Field(None, ge=0)  # providers bill prompt-cache hits cheaper
