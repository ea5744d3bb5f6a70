"""Plain-language descriptions of parameter schemas, shared by validation errors and `/ops help`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel


def properties(model: type[BaseModel]) -> dict[str, dict[str, Any]]:
    """Each field's JSON schema, with `$ref`s resolved, in declaration order."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    return {name: _resolve(prop, defs) for name, prop in schema.get("properties", {}).items()}


def required(model: type[BaseModel]) -> list[str]:
    return list(model.model_json_schema().get("required", []))


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in prop:
        target = defs.get(prop["$ref"].rsplit("/", 1)[-1], {})
        return {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
    if "anyOf" in prop:
        return {**prop, "anyOf": [_resolve(option, defs) for option in prop["anyOf"]]}
    return prop


def describe(prop: dict[str, Any]) -> str:
    """`text, 3-200 characters: One-line summary...` for one field's schema."""
    kind = _kind(prop)
    return f"{kind}: {prop['description']}" if prop.get("description") else kind


def _kind(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "one of: " + ", ".join(str(v) for v in prop["enum"])
    if "const" in prop:
        return f"exactly {prop['const']}"
    if "anyOf" in prop:
        options = [_kind(option) for option in prop["anyOf"] if option.get("type") != "null"]
        return " or ".join(options) + " (may be left out)"
    render = _BASIC.get(prop.get("type", ""))
    return render(prop) if render is not None else "a value"


def _text(prop: dict[str, Any]) -> str:
    low, high = prop.get("minLength"), prop.get("maxLength")
    size = f", {low}-{high} characters" if low and high else f", at most {high} characters" if high else ""
    shape = f", matching {prop['pattern']}" if "pattern" in prop else ""
    return f"text{size}{shape}"


def _number(word: str) -> Callable[[dict[str, Any]], str]:
    def render(prop: dict[str, Any]) -> str:
        low, high = prop.get("minimum"), prop.get("maximum")
        bounds = f" from {low} to {high}" if low is not None and high is not None else ""
        return f"{word}{bounds}"

    return render


_BASIC: dict[str, Callable[[dict[str, Any]], str]] = {
    "string": _text,
    "integer": _number("a whole number"),
    "number": _number("a number"),
    "boolean": lambda prop: "true or false",
    "array": lambda prop: "a list of " + _kind(prop.get("items", {})),
    "object": lambda prop: "an object",
}
