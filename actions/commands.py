"""Explicit commands for offline mode: `/ops create_ticket title="VPN down in Berlin" priority=high`.

`/ops`, `/ops help` and `/ops help NAME` ask for help. Values use shell-style quoting; curly double quotes (as
phones and macOS type them) count as straight ones.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from actions.errors import HELP_HINT, InvalidCommand, UnknownAction
from actions.registry import ActionRegistry
from actions.schema import describe, properties, required
from actions.spec import ActionSpec

PREFIX = re.compile(r"^/ops(?:\s+|$)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})  # curly single quotes stay: they are apostrophes


@dataclass(frozen=True)
class ParsedCommand:
    """An action to run with raw (unvalidated) arguments, or a help request (`action` is then optional)."""

    action: str | None
    args: dict[str, str] = field(default_factory=dict)
    help: bool = False


def parse_command(text: str) -> ParsedCommand | None:
    """The command in an `/ops ...` line; None if the line is not one. InvalidCommand if it cannot be read."""
    stripped = text.strip()
    match = PREFIX.match(stripped)
    if match is None:
        return None
    tokens = _tokens(stripped[match.end() :])
    if not tokens or tokens[0] == "help":
        return ParsedCommand(tokens[1] if len(tokens) > 1 else None, help=True)
    return ParsedCommand(tokens[0], _pairs(tokens[1:]))


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text.translate(_QUOTES))
    except ValueError as exc:
        raise InvalidCommand(f"I couldn't read that command ({exc}): close every quote you open.") from exc


def _pairs(tokens: list[str]) -> dict[str, str]:
    args: dict[str, str] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep or not key:
            raise InvalidCommand(f"'{token}' is not key=value; quote values with spaces: title=\"VPN down\".")
        if key in args:
            raise InvalidCommand(f"{key} is given twice.")
        args[key] = value
    return args


def render_help(registry: ActionRegistry, name: str | None = None) -> str:
    """The list of enabled actions, or one action's parameters (name, type, required, description)."""
    if name is None:
        return _overview(registry)
    spec = registry.get(name)
    if spec is None:
        raise UnknownAction(name, registry.closest(name))
    off = "" if registry.is_enabled(name) else "\nIt is switched off right now."
    return _details(spec) + off


def _overview(registry: ActionRegistry) -> str:
    lines = ["Actions I can run (type /ops NAME key=value ...):"]
    lines += [f"  {s.name}: {s.description} ({_how(s)})" for s in registry.specs()]
    lines.append("Type /ops help NAME to see an action's parameters.")
    return "\n".join(lines) if len(lines) > 2 else "No actions are available right now. " + HELP_HINT


def _how(spec: ActionSpec) -> str:
    if spec.kind == "read":
        return "read-only, runs at once"
    who = "you confirm" if spec.confirm_by == "requester" else f"a member of {spec.approver_group} confirms"
    return f"{spec.risk} risk, {who}"


def _details(spec: ActionSpec) -> str:
    needed = required(spec.params)
    lines = [f"{spec.name}: {spec.description}", f"{_how(spec)}; times out after {spec.timeout_seconds:g} s."]
    lines.append("Parameters:" if properties(spec.params) else "No parameters.")
    for field_name, prop in properties(spec.params).items():
        status = "required" if field_name in needed else _optional(prop)
        lines.append(f"  {field_name} ({status}): {describe(prop)}")
    example = " ".join(f"{n}=..." for n in needed)
    lines.append(f"Example: /ops {spec.name} {example}".rstrip())
    return "\n".join(lines)


def _optional(prop: dict[str, object]) -> str:
    default = prop.get("default")
    return "optional" if default in (None, "") else f"optional, default {default}"
