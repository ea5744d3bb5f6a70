"""Argument validation in our code (LlamaIndex's FunctionTool does not validate), with errors an LLM can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from actions.errors import ArgumentProblem, InvalidArguments
from actions.schema import describe, properties
from actions.spec import ActionSpec


def validate_arguments(spec: ActionSpec, raw: Mapping[str, Any]) -> BaseModel:
    """The action's params model built from `raw`, or InvalidArguments listing every problem."""
    fields = properties(spec.params)
    if not isinstance(raw, Mapping):
        expected = "an object with the fields " + ", ".join(fields)
        raise InvalidArguments(spec.name, [ArgumentProblem("arguments", f"got {_shown(raw)}", expected)])
    problems = [_unknown(name, spec.name, fields) for name in raw if name not in fields]
    try:
        model = spec.params.model_validate(dict(raw))
    except ValidationError as exc:
        problems = [_problem(e, fields) for e in exc.errors() if e["type"] != "extra_forbidden"] + problems
    if problems:
        raise InvalidArguments(spec.name, problems)
    return model


def _unknown(name: str, action: str, fields: Mapping[str, Any]) -> ArgumentProblem:
    return ArgumentProblem(str(name), f"not a parameter of {action}", "one of: " + ", ".join(fields))


def _problem(error: ErrorDetails, fields: Mapping[str, dict[str, Any]]) -> ArgumentProblem:
    name = ".".join(str(part) for part in error["loc"]) or "arguments"
    top = str(error["loc"][0]) if error["loc"] else ""
    expected = describe(fields[top]) if top in fields else "a valid value"
    if error["type"] == "missing":
        return ArgumentProblem(name, "missing (it is required)", expected)
    message = error["msg"].removeprefix("Value error, ")
    if expected.startswith("one of:"):  # the allowed values are listed once, in `expected`
        message = "not allowed" if error["type"] in _CHOICE_ERRORS else _ALLOWED.sub("", message)
    return ArgumentProblem(name, f"{message[:1].lower()}{message[1:]} (got {_shown(error['input'])})", expected)


_CHOICE_ERRORS = frozenset({"literal_error", "enum"})
_ALLOWED = re.compile(r"\s*\(allowed: [^)]*\)")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
