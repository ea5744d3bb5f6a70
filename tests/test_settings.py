"""Settings come from the environment and the config file, environment first."""

from pathlib import Path

import pytest

from bot.settings import load_settings
from model.errors import ConfigError


def test_defaults_run_offline_on_embedded_storage() -> None:
    """With nothing configured, Opsbot uses SQLite under ./.opsbot and no LLM."""
    settings = load_settings({})
    assert settings.effective_database_url.endswith(".opsbot/opsbot.db")
    assert settings.effective_llm_provider == "offline"


def test_an_api_key_switches_auto_to_openai() -> None:
    """Setting OPENAI_API_KEY is enough to get answers from OpenAI."""
    assert load_settings({"OPENAI_API_KEY": "sk-x"}).effective_llm_provider == "openai"


def test_environment_wins_over_the_config_file(tmp_path: Path) -> None:
    """A value in the environment overrides the same setting in opsbot.yml."""
    config = tmp_path / "opsbot.yml"
    config.write_text("retention_days: 7\nllm_model: from-file\ndisabled_actions: [restart_service]\n")
    settings = load_settings({"OPSBOT_CONFIG": str(config), "OPSBOT_LLM_MODEL": "from-env"})
    assert (settings.retention_days, settings.llm_model) == (7, "from-env")
    assert settings.disabled_actions == ["restart_service"]


def test_unknown_setting_in_the_file_is_refused(tmp_path: Path) -> None:
    """A typo in opsbot.yml is an error naming the key, not a silently ignored line."""
    config = tmp_path / "opsbot.yml"
    config.write_text("retention_dayz: 7\n")
    with pytest.raises(ConfigError, match="retention_dayz"):
        load_settings({"OPSBOT_CONFIG": str(config)})


def test_the_example_config_file_is_valid() -> None:
    """examples/opsbot.yml, which the README points to, loads cleanly."""
    example = Path(__file__).resolve().parents[1] / "examples" / "opsbot.yml"
    settings = load_settings({"OPSBOT_CONFIG": str(example)})
    assert settings.user_groups
