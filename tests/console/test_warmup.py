"""Loading in the background while the prompt waits for the user."""

from __future__ import annotations

import pytest

from bot.console.warmup import Background
from model.errors import ConfigError


def test_the_first_answer_gets_what_was_loaded() -> None:
    """What the background built is what the first turn uses."""
    assert Background(lambda: "pipeline").result() == "pipeline"


def test_a_failure_while_loading_stops_the_session_with_its_own_error() -> None:
    """A model that cannot load surfaces as its own clear error (exit 2 for a ConfigError), not a silent hang."""

    def broken() -> str:
        raise ConfigError("spaCy model 'x' is not installed")

    loading = Background(broken)
    with pytest.raises(ConfigError, match="not installed"):
        loading.result()
