"""Filling HTTP action templates: `{param}` values, `${env:NAME}` secrets, and reading mapped response fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from actions.errors import ActionFailed

PLACEHOLDER = re.compile(r"\$\{env:(?P<env>[A-Za-z_][A-Za-z0-9_]*)\}|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}")
RESERVED = frozenset({"idempotency_key", "requester", "confirmer"})
Secrets = Callable[[str], str | None]


def names_in(template: Any) -> tuple[set[str], set[str]]:
    """The parameter names and the secret names a template (string, list or mapping) refers to."""
    names: set[str] = set()
    envs: set[str] = set()
    for text in _strings(template):
        for match in PLACEHOLDER.finditer(text):
            (envs if match["env"] else names).add(match["env"] or match["name"])
    return names, envs


def _strings(template: Any) -> list[str]:
    if isinstance(template, str):
        return [template]
    if isinstance(template, Mapping):
        return [s for value in template.values() for s in _strings(value)]
    if isinstance(template, list):
        return [s for value in template for s in _strings(value)]
    return []


def fill(template: Any, values: Mapping[str, Any], secrets: Secrets | None) -> Any:
    """The template with placeholders replaced; `secrets=None` refuses `${env:...}` (URLs)."""
    if isinstance(template, str):
        return _fill_string(template, values, secrets)
    if isinstance(template, Mapping):
        filled = {key: fill(value, values, secrets) for key, value in template.items()}
        return {key: value for key, value in filled.items() if value is not None}
    if isinstance(template, list):
        return [fill(value, values, secrets) for value in template]
    return template


def _fill_string(text: str, values: Mapping[str, Any], secrets: Secrets | None) -> Any:
    whole = PLACEHOLDER.fullmatch(text)
    if whole and whole["name"]:
        return values.get(whole["name"])

    def one(match: re.Match[str]) -> str:
        if match["env"]:
            return _secret(match["env"], secrets)
        value = values.get(match["name"])
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(one, text)


def _secret(name: str, secrets: Secrets | None) -> str:
    value = secrets(name) if secrets is not None else None
    if not value:
        raise ActionFailed(f"the secret {name} is not set on the Opsbot server; ask an admin", changed=False)
    return value


def fill_url(template: str, values: Mapping[str, Any]) -> str:
    """The URL with each placeholder percent-encoded, so a value cannot change the path or the query.

    Encoding alone is not enough in the path: `.` and `..` stay as they are and clients collapse them
    (`/teams/../notify` is sent as `/notify`), and a server may decode `%2F` into a separator. Such values are
    refused (ActionFailed, nothing sent), as the params model already refuses them before a card is shown."""
    for name in path_names(template):
        problem = path_segment_problem(values.get(name))
        if problem:
            raise ActionFailed(f"the value of {name} {problem}, so nothing was sent", changed=False)
    encoded = {k: quote(str(v), safe="") for k, v in values.items() if v is not None}
    return str(_fill_string_text(template, encoded))


def path_names(template: str) -> set[str]:
    """The parameters a URL template uses in its path (where a value could climb to another endpoint)."""
    return names_in(urlsplit(template).path)[0]


def path_segment_problem(value: Any) -> str | None:
    """Why `value` cannot be one segment of a URL path, or None. Percent-encodings are decoded first (twice-encoded
    too), so `%2e%2e` and `%252F` are caught like `..` and `/`."""
    if value is None:
        return None
    text = str(value)
    for _ in range(3):
        text, previous = unquote(text), text
        if text == previous:
            break
    if text.strip() in (".", ".."):
        return f"is {text.strip()!r}, which would change the request's path"
    if "/" in text or "\\" in text:
        return "contains a path separator (/ or \\, also percent-encoded), which would change the request's path"
    return None


def _fill_string_text(template: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m["name"] or "", ""), template)


def pick(data: Any, path: str) -> Any:
    """`a.b.0.c` looked up in decoded JSON; None when any step is missing."""
    for step in path.split("."):
        if isinstance(data, Mapping):
            data = data.get(step)
        elif isinstance(data, list) and step.isdigit() and int(step) < len(data):
            data = data[int(step)]
        else:
            return None
    return data
