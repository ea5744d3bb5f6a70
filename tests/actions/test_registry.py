"""Declaring actions: the decorator, the registry's rules, and the tool schemas the LLM sees."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from actions import ActionContext, ActionRegistry, ActionResult, action, build_registry


class Lookup(BaseModel):
    """What to look up."""

    host: str = Field(description="The host name to look up, e.g. db-1.internal.")


def test_the_decorator_declares_an_action_from_its_handler() -> None:
    """Name, description and params model come from the function, its docstring and its first annotation."""
    registry = ActionRegistry()

    @action(kind="read", registry=registry)
    async def lookup_host(params: Lookup, ctx: ActionContext) -> ActionResult:
        """Look up a host in the inventory.

        Longer notes that the LLM does not need.
        """
        return ActionResult(params.host)

    spec = registry.get("lookup_host")
    assert spec is lookup_host
    assert (spec.description, spec.params, spec.kind) == ("Look up a host in the inventory.", Lookup, "read")


def test_a_handler_without_a_params_model_is_refused() -> None:
    """Forgetting the pydantic annotation fails at declaration time, not when the LLM calls it."""
    with pytest.raises(TypeError, match="annotate the first parameter"):

        @action()
        async def broken(params: dict, ctx: ActionContext) -> ActionResult:  # type: ignore[type-arg]
            """Does nothing."""
            return ActionResult("")


def test_a_high_risk_action_must_name_its_approvers() -> None:
    """A high-risk write confirmed by the requester alone is a declaration error."""
    with pytest.raises(ValueError, match="high-risk action must be confirmed by approvers"):

        @action(risk="high")
        async def wipe_disk(params: Lookup, ctx: ActionContext) -> ActionResult:
            """Wipe a disk."""
            return ActionResult("")


def test_two_actions_cannot_share_a_name() -> None:
    """Registering a second create_ticket is refused unless it explicitly replaces the first."""
    registry = build_registry()
    spec = registry.get("create_ticket")
    assert spec is not None
    with pytest.raises(ValueError, match="already registered"):
        registry.register(spec)
    assert registry.register(spec, replace=True) is spec


def test_tool_schemas_carry_the_field_descriptions_and_the_policy() -> None:
    """The JSON schema of each action has its parameter docs, kind, risk and who confirms."""
    schemas = {s["name"]: s for s in build_registry().json_schemas()}
    assert set(schemas) == {
        "add_ticket_comment", "create_ticket", "get_ticket", "list_my_tickets", "restart_service",
        "update_ticket_status",
    }  # fmt: skip
    create = schemas["create_ticket"]
    assert create["parameters"]["properties"]["title"]["description"] == "One-line summary, e.g. 'VPN down in Berlin'."
    assert create["parameters"]["required"] == ["title"]
    assert create["parameters"]["properties"]["priority"]["enum"] == ["low", "normal", "high", "urgent"]
    restart = schemas["restart_service"]
    assert (restart["risk"], restart["confirm_by"], restart["approver_group"]) == ("high", "approvers", "sre")
    assert restart["parameters"]["properties"]["service"]["enum"][0] == "vpn-gateway"


def test_disabled_actions_drop_out_of_the_tools() -> None:
    """An action disabled in config is not offered to the LLM, but still listed when asked for everything."""
    registry = build_registry(disabled=["restart_service"])
    assert "restart_service" not in [s["name"] for s in registry.json_schemas()]
    everything = {s["name"]: s["enabled"] for s in registry.json_schemas(include_disabled=True)}
    assert everything["restart_service"] is False and not registry.is_enabled("restart_service")
    registry.enable("restart_service")
    assert registry.is_enabled("restart_service")


def test_runtime_switches_are_read_on_every_check() -> None:
    """The registry asks its switch source each time, so a kill switch needs no restart."""
    off: set[str] = set()
    registry = build_registry(switched_off=lambda: off)
    assert registry.is_enabled("create_ticket")
    off.add("create_ticket")
    assert not registry.is_enabled("create_ticket")
