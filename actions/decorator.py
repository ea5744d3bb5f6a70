"""`@action(...)`: declare an action on its handler. The params model is the handler's first parameter type."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from actions.registry import ActionRegistry
from actions.spec import ActionSpec, ConfirmBy, Handler, Kind, Precheck, Risk


def action(
    *,
    name: str | None = None,
    description: str | None = None,
    params: type[BaseModel] | None = None,
    kind: Kind = "write",
    risk: Risk = "low",
    confirm_by: ConfirmBy = "requester",
    approver_group: str | None = None,
    timeout_seconds: float = 10.0,
    retries: int = 0,
    idempotent: bool = False,
    transactional: bool = False,
    precheck: Precheck | None = None,
    registry: ActionRegistry | None = None,
) -> Callable[[Handler], ActionSpec]:
    """Turn `async def handler(params: Model, ctx: ActionContext) -> ActionResult` into an ActionSpec.

    Name and description default to the function's name and docstring; with `registry`, it is registered too.
    """

    def declare(handler: Handler) -> ActionSpec:
        spec = ActionSpec(
            name=name or str(getattr(handler, "__name__", "")),
            description=description or _first_paragraph(handler),
            params=params or _params_of(handler),
            handler=handler,
            kind=kind,
            risk=risk,
            confirm_by=confirm_by,
            approver_group=approver_group,
            timeout_seconds=timeout_seconds,
            retries=retries,
            idempotent=idempotent,
            transactional=transactional,
            precheck=precheck,
        )
        return registry.register(spec) if registry is not None else spec

    return declare


def _first_paragraph(handler: Any) -> str:
    return (inspect.getdoc(handler) or "").split("\n\n")[0].replace("\n", " ").strip()


def _params_of(handler: Any) -> type[BaseModel]:
    hints = typing.get_type_hints(handler)
    first = next(iter(inspect.signature(handler).parameters), None)
    model = hints.get(first) if first else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{handler!r}: annotate the first parameter with a pydantic model, or pass params=")
    return model
