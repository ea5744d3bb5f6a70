"""Running an action: a timeout per attempt, retries only when safe, and a user-safe account of what happened.

The executor does not decide who may run what; callers check authority and the kill switch first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from actions.errors import AccessDenied, ActionDisabled, ActionFailed, InvalidArguments, NeedsConfirmation
from actions.registry import ActionRegistry
from actions.spec import ActionContext, ActionResult, ActionSpec
from actions.validation import validate_arguments
from model.errors import new_reference

log = logging.getLogger(__name__)
BACKOFF_SECONDS = 0.5


@dataclass(frozen=True)
class Execution:
    """The outcome of one run: a result, or a user-safe error with a reference that matches the log line."""

    action: str
    result: ActionResult | None
    attempts: int
    duration_ms: float
    error: str | None = None
    changed_nothing: bool = False
    reference: str | None = None
    refused: bool = False  # the person may not see or change what they asked about (AccessDenied)

    @property
    def ok(self) -> bool:
        return self.result is not None

    def failure_text(self) -> str:
        """`create_ticket failed: timed out after 10 s. Nothing was changed; try again or ask a human (ref ab12cd).`

        A refusal says only that: `You can't see OPS-12. Nothing was changed.`"""
        if self.refused:
            said = self.error or "you can't do that"
            return f"{said[:1].upper()}{said[1:]}. Nothing was changed."
        advice = (
            "Nothing was changed; try again or ask a human"
            if self.changed_nothing
            else "It may have partly happened, so check before trying again, or ask a human"
        )
        return f"{self.action} failed: {self.error}. {advice} (ref {self.reference})."


@dataclass(frozen=True)
class _Attempt:
    result: ActionResult | None
    error: str = ""
    retryable: bool = False
    changed: bool | None = None
    refused: bool = False


async def run_action(
    spec: ActionSpec, params: BaseModel, ctx: ActionContext, *, backoff: float = BACKOFF_SECONDS
) -> Execution:
    """Run validated params with the spec's timeout and retries; never raises for a failing handler."""
    started = time.perf_counter()
    problem = _restored_problem(spec, params, ctx)
    if problem:
        return _execution(spec, _Attempt(None, problem, changed=False), 1, (time.perf_counter() - started) * 1000)
    attempt, number = _Attempt(None), 0
    for number in range(1, spec.attempts + 1):
        attempt = await _attempt(spec, params, ctx)
        if attempt.result is not None or not attempt.retryable or number == spec.attempts:
            break
        await asyncio.sleep(backoff * 2 ** (number - 1))
    return _execution(spec, attempt, number, (time.perf_counter() - started) * 1000)


def _restored_problem(spec: ActionSpec, params: BaseModel, ctx: ActionContext) -> str | None:
    """Params were validated with their placeholders (`<PERSON_1>`); what a handler sends is the restored value,
    which must fit too (a 120-character limit is no limit if a placeholder can stand for a page). The text names
    the fields and what they expect, never the values: it reaches the LLM for read actions."""
    given = params.model_dump(mode="json")
    restored = {name: ctx.restore(value) if isinstance(value, str) else value for name, value in given.items()}
    if restored == given:
        return None
    try:
        validate_arguments(spec, restored)
    except InvalidArguments as exc:
        fields = "; ".join(
            f"{problem.field}: {problem.problem.split(' (got ')[0]}, it must be {problem.expected}"
            for problem in exc.problems
        )
        return f"with the real values in place of placeholders, the arguments do not fit ({fields})"
    return None


async def _attempt(spec: ActionSpec, params: BaseModel, ctx: ActionContext) -> _Attempt:
    timed = replace(ctx, deadline=time.monotonic() + spec.timeout_seconds)
    try:
        return _Attempt(await asyncio.wait_for(spec.handler(params, timed), spec.timeout_seconds))
    except TimeoutError:
        return _Attempt(None, f"timed out after {spec.timeout_seconds:g} s", retryable=True)
    except AccessDenied as exc:
        return _Attempt(None, exc.user_text.rstrip("."), changed=False, refused=True)
    except ActionFailed as exc:
        return _Attempt(None, exc.user_text.rstrip("."), exc.retryable, exc.changed)
    except Exception:
        log.exception("action handler crashed", extra={"action": spec.name})
        return _Attempt(None, "an unexpected error on my side")


def _execution(spec: ActionSpec, attempt: _Attempt, attempts: int, duration_ms: float) -> Execution:
    if attempt.result is not None:
        return Execution(spec.name, attempt.result, attempts, duration_ms)
    reference = new_reference()
    error = attempt.error + (f" ({attempts} attempts)" if attempts > 1 else "")
    log.warning("action failed", extra={"ref": reference, "action": spec.name, "attempts": attempts})
    unchanged = spec.transactional or attempt.changed is False
    return Execution(spec.name, None, attempts, duration_ms, error, unchanged, reference, attempt.refused)


async def run_read_action(
    registry: ActionRegistry, name: str, raw_args: Mapping[str, Any], ctx: ActionContext
) -> ActionResult:
    """Validate and run a read action (no confirmation); raises an ActionError subclass with safe text."""
    spec = registry.require(name)
    if spec.kind != "read":
        raise NeedsConfirmation(name)
    if not await asyncio.to_thread(registry.is_enabled, name):
        raise ActionDisabled(name)
    execution = await run_action(spec, validate_arguments(spec, raw_args), ctx)
    if execution.refused:
        raise AccessDenied(execution.failure_text())
    if execution.result is None:
        raise ActionFailed(execution.failure_text(), changed=False)
    return execution.result
