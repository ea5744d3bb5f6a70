"""Loading the settings: environment variables over the config file over defaults, routed into their groups."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values
from pydantic import ValidationError

from bot.settings.fields import by_name, env_names
from bot.settings.groups import GROUPS
from bot.settings.schema import Settings
from model.errors import ConfigError

CONFIG_ENV = "OPSBOT_CONFIG"
ENV_FILE_ENV = "OPSBOT_ENV_FILE"  # which .env file to read; empty reads none (the test suite sets it so)
FILE_PATHS = ("home", "redaction_names_file")  # paths written in the config file are relative to the file
FILE_PATH_LISTS = ("knowledge_sources",)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from the environment and the optional config file; raise ConfigError if invalid."""
    env = _dotenv() | dict(os.environ) if environ is None else dict(environ)
    file_values: dict[str, Any] = {}
    if config_path := env.get(CONFIG_ENV):
        file_values = _file_settings(Path(config_path))
    env_values = {name: value for name, value in env.items() if name in env_names()}
    nested = _route(file_values)
    for group, values in _route(env_values).items():
        merged = {**nested.get(group, {}), **values} if isinstance(values, dict) else values
        nested[group] = merged
    try:
        settings = Settings.model_validate(nested)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from exc
    _check_files(settings)
    return settings


def _route(values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat names into their groups; a group given as a mapping (`slack: {...}`) is taken as it is."""
    routed: dict[str, Any] = {}
    for key, value in values.items():
        if key in GROUPS and isinstance(value, Mapping):
            routed.setdefault(key, {}).update(value)
            continue
        place = by_name().get(key)
        if place is None:
            routed[key] = value  # validation names it as unknown
        elif place.group is None:
            routed[place.field] = value
        else:
            routed.setdefault(place.group, {})[place.field] = value
    return routed


def _file_settings(path: Path) -> dict[str, Any]:
    data = _read_config_file(path)
    base = path.resolve().parent
    for name in FILE_PATHS:
        if isinstance(data.get(name), str):
            data[name] = _relative_to(base, data[name])
    for name in FILE_PATH_LISTS:
        if isinstance(data.get(name), list):
            data[name] = [_relative_to(base, value) if isinstance(value, str) else value for value in data[name]]
    return data


def _relative_to(base: Path, value: str) -> str:
    return str(base / value) if value and not Path(value).expanduser().is_absolute() else value


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path} ({CONFIG_ENV}): {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} ({CONFIG_ENV}) is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} ({CONFIG_ENV}) must be a mapping of setting names to values")
    return data


def _check_files(settings: Settings) -> None:
    names = settings.redaction.names_file
    if names is not None and not names.is_file():
        raise ConfigError(f"redaction_names_file {names} does not exist (OPSBOT_REDACTION_NAMES_FILE)")
    if settings.knowledge.reindex_minutes and not settings.knowledge.sources:
        raise ConfigError("OPSBOT_REINDEX_MINUTES is set, but knowledge_sources lists no folder to re-index")


def _dotenv() -> dict[str, str]:
    """Values from ./.env (or OPSBOT_ENV_FILE), if there is one; the real environment wins."""
    name = os.environ.get(ENV_FILE_ENV, ".env")
    path = Path(name)
    if not name or not path.is_file():
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = [str(part) for part in first["loc"]]
    dotted = ".".join(loc)
    place = by_name().get(".".join(loc[:2])) or by_name().get(loc[0] if loc else "")
    where = place.env if place is not None and place.env else dotted
    return f"invalid setting {where}: {first['msg']}"
