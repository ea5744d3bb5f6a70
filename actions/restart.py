"""The built-in high-risk action: ask for a service restart. It cannot restart anything itself; it files the
request as an urgent ticket for the SRE on call. For real restarts, declare an HTTP action named
`restart_service` in the config file: it replaces this one (see actions.build)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from actions.decorator import action
from actions.spec import ActionContext, ActionResult, ActionSpec
from store import tickets

DEMO_SERVICES = ("vpn-gateway", "sso-proxy", "internal-dns", "ci-runner")
APPROVERS = "sre"


def restart_params(services: Sequence[str]) -> type[BaseModel]:
    """The params model, with `service` limited to the allow-list (shown to the LLM as an enum)."""
    allowed = tuple(services)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"not a service I may restart (allowed: {', '.join(allowed)})")
        return value

    service: Any = Annotated[str, AfterValidator(check)]
    environment: Any = Literal["staging", "production"]
    described = Field(description="The service to restart.", json_schema_extra={"enum": list(allowed)})
    return create_model(
        "RestartService",
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        __doc__="Which service to restart, where, and why.",
        service=(service, described),
        environment=(environment, Field(description="Where to restart it.")),
        reason=(str, Field(min_length=5, max_length=500, description="Why a restart is needed.")),
    )


def restart_service_action(services: Sequence[str] = DEMO_SERVICES) -> ActionSpec:
    """`restart_service`: high risk always, confirmed by a member of the `sre` group."""

    @action(
        name="restart_service",
        params=restart_params(services),
        risk="high",
        confirm_by="approvers",
        approver_group=APPROVERS,
        transactional=True,
    )
    async def restart_service(params: Any, ctx: ActionContext) -> ActionResult:
        """Request a restart of a service from the allow-list, in staging or production (an SRE must confirm)."""
        return await asyncio.to_thread(_file_request, params, ctx)

    return restart_service


def _file_request(params: Any, ctx: ActionContext) -> ActionResult:
    title = f"Restart {params.service} ({params.environment})"
    body = (
        f"Restart requested by {ctx.requester_id}, approved by {ctx.actor.id} via Opsbot "
        f"(request {ctx.idempotency_key}). Reason: {params.reason}"
    )
    with ctx.transaction() as session:
        ticket = tickets.create_ticket(
            session, title=title, description=body, priority="urgent", requester=ctx.requester_id
        )
        ref = tickets.ticket_ref(ticket)
    summary = (
        f"Restart of {params.service} in {params.environment} requested as {ref}. "
        "Opsbot does not restart services itself: the SRE on call will carry it out."
    )
    return ActionResult(summary, {"ticket": ref, "service": params.service, "environment": params.environment})
