"""Settings come from the environment and the config file, environment first."""

from pathlib import Path

import pytest

from bot.settings import load_settings, masked
from model.errors import ConfigError


def test_defaults_run_offline_on_embedded_storage() -> None:
    """With nothing configured, Opsbot uses SQLite under ./.opsbot and no LLM."""
    settings = load_settings({})
    assert settings.effective_database_url.endswith(".opsbot/opsbot.db")
    assert settings.llm.effective_provider == "offline"


def test_an_api_key_switches_auto_to_openai() -> None:
    """Setting OPENAI_API_KEY is enough to get answers from OpenAI."""
    assert load_settings({"OPENAI_API_KEY": "sk-x"}).llm.effective_provider == "openai"


def test_environment_wins_over_the_config_file(tmp_path: Path) -> None:
    """A value in the environment overrides the same setting in opsbot.yml."""
    config = tmp_path / "opsbot.yml"
    config.write_text("retention_days: 7\nllm_model: from-file\ndisabled_actions: [restart_service]\n")
    settings = load_settings({"OPSBOT_CONFIG": str(config), "OPSBOT_LLM_MODEL": "from-env"})
    assert (settings.retention_days, settings.llm.model) == (7, "from-env")
    assert settings.actions.disabled == ["restart_service"]


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
    assert settings.people.user_groups


def test_the_config_file_takes_groups_or_flat_names(tmp_path: Path) -> None:
    """`slack: {escalation_channel: ...}` and the older flat `slack_escalation_channel:` set the same setting."""
    nested, flat = tmp_path / "nested.yml", tmp_path / "flat.yml"
    nested.write_text("slack:\n  escalation_channel: C0ESC\nllm:\n  model: m1\n")
    flat.write_text("slack_escalation_channel: C0ESC\nllm_model: m1\n")
    for path in (nested, flat):
        settings = load_settings({"OPSBOT_CONFIG": str(path)})
        assert (settings.slack.escalation_channel, settings.llm.model) == ("C0ESC", "m1")


def test_an_environment_variable_wins_inside_a_group(tmp_path: Path) -> None:
    """SLACK_ESCALATION_CHANNEL overrides the file's `slack:` group, and the rest of the group stays."""
    config = tmp_path / "opsbot.yml"
    config.write_text("slack:\n  escalation_channel: C0FILE\n  oncall_group: S0FILE\n")
    settings = load_settings({"OPSBOT_CONFIG": str(config), "SLACK_ESCALATION_CHANNEL": "C0ENV"})
    assert (settings.slack.escalation_channel, settings.slack.oncall_group) == ("C0ENV", "S0FILE")


def test_paths_in_the_config_file_are_relative_to_it(tmp_path: Path) -> None:
    """`redaction_names_file: names.txt` in /x/opsbot.yml means /x/names.txt, wherever opsbot runs from."""
    (tmp_path / "names.txt").write_text("Jane Roe\n")
    config = tmp_path / "opsbot.yml"
    config.write_text("redaction_names_file: names.txt\n")
    assert load_settings({"OPSBOT_CONFIG": str(config)}).redaction.names_file == tmp_path / "names.txt"


def test_a_missing_file_named_in_the_config_is_one_clear_error(tmp_path: Path) -> None:
    """A names file that does not exist stops start-up with a message naming it, not a traceback later."""
    config = tmp_path / "opsbot.yml"
    config.write_text("redaction_names_file: missing.txt\n")
    with pytest.raises(ConfigError, match=r"missing\.txt does not exist"):
        load_settings({"OPSBOT_CONFIG": str(config)})


def test_an_invalid_grouped_setting_names_its_environment_variable() -> None:
    """A bad value is reported with the variable a person would set."""
    with pytest.raises(ConfigError, match="OPSBOT_LLM_TIMEOUT"):
        load_settings({"OPSBOT_LLM_TIMEOUT": "-1"})


def test_config_show_masks_credentials_in_every_url() -> None:
    """`user:password@` in QDRANT_URL, OPENAI_BASE_URL, the OTLP endpoint or the database URL is never printed."""
    env = {
        "QDRANT_URL": "https://ops:qdrant-secret@qdrant.internal:6333",
        "OPENAI_BASE_URL": "https://gw:llm-secret@llm.internal/v1",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel:otlp-secret@collector:4318",
        "DATABASE_URL": "postgresql+psycopg://opsbot:db-secret@db:5432/opsbot",
        "SLACK_BOT_TOKEN": "xoxb-secret",
    }
    shown = str(masked(load_settings(env)))
    assert not any(secret in shown for secret in ("qdrant-secret", "llm-secret", "otlp-secret", "db-secret", "xoxb"))
    assert "https://ops:********@qdrant.internal:6333" in shown


def test_knowledge_sources_in_the_config_file_are_relative_to_it(tmp_path: Path) -> None:
    """`knowledge_sources: [runbooks, /srv/tickets]` in /x/opsbot.yml re-indexes /x/runbooks and /srv/tickets."""
    config = tmp_path / "opsbot.yml"
    config.write_text("knowledge_sources: [runbooks, /srv/tickets]\nreindex_minutes: 30\n")
    knowledge = load_settings({"OPSBOT_CONFIG": str(config)}).knowledge
    assert knowledge.sources == [tmp_path / "runbooks", Path("/srv/tickets")]
    assert knowledge.reindex_minutes == 30


def test_a_reindex_interval_without_sources_is_one_clear_error() -> None:
    """OPSBOT_REINDEX_MINUTES with no knowledge_sources stops start-up instead of re-indexing nothing forever."""
    with pytest.raises(ConfigError, match="knowledge_sources"):
        load_settings({"OPSBOT_REINDEX_MINUTES": "15"})


def test_config_show_prints_the_effective_redaction_threshold() -> None:
    """`config show` prints the threshold that applies (the README's 0.4), not null; a configured one replaces it."""
    assert masked(load_settings({}))["redaction"]["score_threshold"] == 0.4
    assert masked(load_settings({"OPSBOT_REDACTION_THRESHOLD": "0.6"}))["redaction"]["score_threshold"] == 0.6
