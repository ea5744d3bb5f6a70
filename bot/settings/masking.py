"""What may be shown of the settings (`opsbot config show`), and which secrets HTTP actions may use."""

from __future__ import annotations

import os
import re
from typing import Any

from pydantic import BaseModel, SecretStr

from bot.settings.fields import env_names
from bot.settings.schema import Settings

MASK = "********"
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][\w+.-]*://[^/@:\s]*):[^/@\s]*@")


def masked(settings: Settings) -> dict[str, Any]:
    """The effective settings as plain data: secrets replaced by '********' (null when unset), and the password in
    any URL (`user:pass@host`) masked too."""
    data = _masked(settings)
    data["effective_database_url"] = mask_url(settings.effective_database_url)
    data["llm"]["effective_provider"] = settings.llm.effective_provider
    return data


def _masked(model: BaseModel) -> dict[str, Any]:
    dumped = model.model_dump(mode="json")
    data: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            data[name] = MASK
        elif isinstance(value, BaseModel):
            data[name] = _masked(value)
        else:
            data[name] = _plain(dumped[name])
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return mask_url(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def mask_url(text: str) -> str:
    """`scheme://user:secret@host/...` -> `scheme://user:********@host/...`; anything else unchanged."""
    return _USERINFO.sub(lambda match: f"{match['head']}:{MASK}@", text)


def secret_env(name: str) -> str | None:
    """A secret for an HTTP action (`${env:NAME}`), read at call time; None if unset or empty.

    Opsbot's own settings (OPENAI_API_KEY, SLACK_BOT_TOKEN, OPSBOT_VAULT_KEY, ...) are never handed out, so a
    config file cannot send them to a third party.
    """
    if name in env_names() or name == "OPSBOT_CONFIG":
        return None
    return os.environ.get(name) or None
