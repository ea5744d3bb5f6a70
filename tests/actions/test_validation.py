"""Arguments are validated in our code, and every problem is named with what was expected."""

from __future__ import annotations

import pytest

from actions import InvalidArguments, build_registry, validate_arguments
from actions.tickets import CreateTicket

REGISTRY = build_registry()


def errors_for(action: str, raw: object) -> InvalidArguments:
    spec = REGISTRY.get(action)
    assert spec is not None
    with pytest.raises(InvalidArguments) as caught:
        validate_arguments(spec, raw)  # type: ignore[arg-type]
    return caught.value


def test_valid_arguments_become_the_params_model() -> None:
    """Good arguments come back as the typed model, defaults filled in and whitespace trimmed."""
    spec = REGISTRY.get("create_ticket")
    assert spec is not None
    params = validate_arguments(spec, {"title": "  VPN down  "})
    assert params == CreateTicket(title="VPN down", description="", priority="normal")


def test_each_problem_names_the_field_the_problem_and_what_was_expected() -> None:
    """A missing field, a bad choice and an unknown field each get one readable line."""
    error = errors_for("create_ticket", {"priority": "critical", "colour": "red"})
    assert error.user_text.splitlines() == [
        "The arguments for create_ticket are not valid:",
        "- title: missing (it is required); expected text, 3-200 characters: One-line summary, "
        "e.g. 'VPN down in Berlin'.",
        "- priority: not allowed (got 'critical'); expected one of: low, normal, high, urgent: How urgent it is.",
        "- colour: not a parameter of create_ticket; expected one of: title, description, priority",
        "Fix these and try create_ticket again.",
    ]
    assert [p.field for p in error.problems] == ["title", "priority", "colour"]


def test_a_bad_ticket_id_says_what_an_id_looks_like() -> None:
    """`ticket=banana` is refused with the shape of a real ticket id."""
    error = errors_for("get_ticket", {"ticket": "banana"})
    assert "- ticket: not a ticket id like OPS-123 (got 'banana')" in error.user_text


def test_numbers_out_of_range_show_the_range() -> None:
    """A limit above the maximum names the allowed range."""
    error = errors_for("list_my_tickets", {"limit": 500})
    assert "expected a whole number from 1 to 20" in error.user_text


def test_arguments_that_are_not_an_object_are_refused_clearly() -> None:
    """Malformed tool-call arguments (not a JSON object) list the fields the action takes."""
    error = errors_for("create_ticket", ["VPN down"])
    assert "- arguments: got ['VPN down']; expected an object with the fields title, description, priority" in (
        error.user_text
    )


def test_the_allow_list_of_restartable_services_is_enforced() -> None:
    """restart_service refuses a service that is not on the allow-list and lists the allowed ones, once."""
    error = errors_for("restart_service", {"service": "payroll", "environment": "production", "reason": "slow!"})
    assert "- service: not a service I may restart (got 'payroll'); expected one of: vpn-gateway, sso-proxy" in (
        error.user_text
    )
    assert error.user_text.count("sso-proxy") == 1
