"""Tool schemas as the provider sees them: tight and short.

From a pydantic model: no `title` noise, `additionalProperties: false`, an optional field shown as its plain type
(not `anyOf` with null), and per-field hints (e.g. the ticket-id `pattern`). Strict mode (OpenAI structured
tool calls) needs every property required, optional ones nullable, and no length keywords; `strict_optional`
names the fields whose null means "left out", so the tool can drop them before validating.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

Hints = Mapping[str, Mapping[str, Any]]  # field name -> extra JSON-schema keywords
_NOT_STRICT = ("minLength", "maxLength", "default")


def tool_parameters(model: type[BaseModel], *, strict: bool = False, hints: Hints | None = None) -> dict[str, Any]:
    """The `parameters` object of a function tool for `model`."""
    schema = model.model_json_schema()
    required = list(schema.get("required", []))
    properties = {name: _clean(prop) | dict((hints or {}).get(name, {})) for name, prop in schema["properties"].items()}
    if strict:
        properties = {n: p if n in required else _nullable(p) for n, p in properties.items()}
        properties = {n: {k: v for k, v in p.items() if k not in _NOT_STRICT} for n, p in properties.items()}
        required = list(properties)
    parameters: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
    if "$defs" in schema:
        parameters["$defs"] = schema["$defs"]
    return parameters | {"additionalProperties": False}


def strict_optional(model: type[BaseModel]) -> frozenset[str]:
    """Fields that strict mode sends as null when the model leaves them out."""
    schema = model.model_json_schema()
    return frozenset(schema["properties"]) - frozenset(schema.get("required", []))


def _clean(prop: Mapping[str, Any]) -> dict[str, Any]:
    """Without `title`; `X | None` becomes X (the field is simply not required); a null default is dropped."""
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    base = dict(options[0]) if len(options) == 1 else {}
    merged = base | {k: v for k, v in prop.items() if k != "anyOf" or not base}
    return {k: v for k, v in merged.items() if k != "title" and not (k == "default" and v is None)}


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    kind = prop.get("type")
    nullable = dict(prop) | ({"type": [kind, "null"]} if isinstance(kind, str) else {})
    if "enum" in nullable:
        nullable["enum"] = [*nullable["enum"], None]
    return nullable
