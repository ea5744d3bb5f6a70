"""`/ops` commands for offline mode: parsing, and the help that lists actions and their parameters."""

from __future__ import annotations

import pytest

from actions import InvalidCommand, ParsedCommand, UnknownAction, build_registry, parse_command, render_help


def test_a_command_with_quoted_values_is_parsed() -> None:
    """Shell-style quoting keeps a value with spaces together."""
    parsed = parse_command('/ops create_ticket title="VPN down in Berlin" priority=high')
    assert parsed == ParsedCommand("create_ticket", {"title": "VPN down in Berlin", "priority": "high"})


def test_curly_quotes_from_phones_work_too() -> None:
    """Typographic double quotes, as phones type them, count as straight quotes; apostrophes stay."""
    parsed = parse_command("/ops create_ticket title=“VPN down” description=“it’s slow”")
    assert parsed is not None and parsed.args == {"title": "VPN down", "description": "it’s slow"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ops", ParsedCommand(None, help=True)),
        ("/ops help", ParsedCommand(None, help=True)),
        ("  /ops help create_ticket ", ParsedCommand("create_ticket", help=True)),
    ],
)
def test_help_requests_are_recognised(text: str, expected: ParsedCommand) -> None:
    """`/ops`, `/ops help` and `/ops help NAME` are requests for help."""
    assert parse_command(text) == expected


@pytest.mark.parametrize("text", ["create a ticket please", "/opsbot help", "the /ops command"])
def test_other_text_is_not_a_command(text: str) -> None:
    """Only a line that starts with /ops is a command."""
    assert parse_command(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('/ops create_ticket title="VPN down', "close every quote"),
        ("/ops create_ticket VPN down", "'VPN' is not key=value"),
        ("/ops create_ticket title=a title=b", "title is given twice"),
    ],
)
def test_unreadable_commands_say_what_is_wrong(text: str, message: str) -> None:
    """Unbalanced quotes, bare words and repeated keys each get a specific message."""
    with pytest.raises(InvalidCommand, match=message):
        parse_command(text)


def test_help_lists_the_enabled_actions() -> None:
    """`/ops help` lists each enabled action with what it does and who confirms it."""
    text = render_help(build_registry(disabled=["update_ticket_status"]))
    assert "  create_ticket: Create a ticket in the ops queue" in text
    assert "restart_service: Request a restart" in text and "high risk, a member of sre confirms" in text
    assert "get_ticket: Show one ticket" in text and "read-only, runs at once" in text
    assert "update_ticket_status" not in text


def test_help_for_one_action_lists_its_parameters() -> None:
    """`/ops help create_ticket` gives each parameter's name, type, whether required, and description."""
    lines = render_help(build_registry(), "create_ticket").splitlines()
    assert (
        lines[0]
        == "create_ticket: Create a ticket in the ops queue for a problem that needs follow-up by the ops team."
    )
    assert "  title (required): text, 3-200 characters: One-line summary, e.g. 'VPN down in Berlin'." in lines
    assert "  priority (optional, default normal): one of: low, normal, high, urgent: How urgent it is." in lines
    assert lines[-1] == "Example: /ops create_ticket title=..."


def test_help_for_an_unknown_action_suggests_the_closest() -> None:
    """A misspelt name in help points to the real action and to /ops help."""
    with pytest.raises(UnknownAction) as caught:
        render_help(build_registry(), "create_tciket")
    assert caught.value.user_text == (
        "I don't know an action called 'create_tciket'. Did you mean create_ticket? "
        "Type /ops help to see the actions I can run."
    )
