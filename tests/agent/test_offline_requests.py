"""Offline, a request for an action in plain words is recognised; a question is not."""

from __future__ import annotations

import pytest

from bot.agent.offline_requests import recognise
from model.outcomes import ProposedAction


@pytest.mark.parametrize(
    ("said", "action", "params"),
    [
        ("open a ticket: VPN drops every 5 minutes", "create_ticket", {"title": "VPN drops every 5 minutes"}),
        (
            "Please open a ticket about the printer on floor 3, high priority",
            "create_ticket",
            {"title": "the printer on floor 3", "priority": "high"},
        ),
        (
            "restart checkout in staging",
            "restart_service",
            {"service": "checkout", "environment": "staging", "reason": "restart checkout in staging"},
        ),
        (
            "can you restart vpn-gateway in prod because it is stuck",
            "restart_service",
            {"service": "vpn-gateway", "environment": "production", "reason": "it is stuck"},
        ),
        ("show OPS-1042", "get_ticket", {"ticket": "OPS-1042"}),
        (
            "comment on OPS-7: rebooted, works now",
            "add_ticket_comment",
            {"ticket": "OPS-7", "comment": "rebooted, works now"},
        ),
    ],
)
def test_plain_words_become_the_proposal_ops_would_make(said: str, action: str, params: dict[str, str]) -> None:
    """Each request becomes the action and arguments its words say, as `/ops` would give them."""
    assert recognise(said) == ProposedAction(action=action, params=params)


@pytest.mark.parametrize(
    "said", ["how do I open a ticket?", "my VPN keeps disconnecting", "I restarted my laptop", "restart"]
)
def test_questions_and_reports_are_not_requests(said: str) -> None:
    """A question about an action, or a report of a problem, gets passages, not a card."""
    assert recognise(said) is None


def test_a_long_request_keeps_every_word_in_the_description() -> None:
    """The title is the first sentence; nothing the person wrote is dropped."""
    said = "open a ticket: laptop does not boot. It shows a blue screen since the update and I have a demo at 3pm."
    proposal = recognise(said)
    assert proposal is not None
    assert proposal.params["title"] == "laptop does not boot."
    assert "demo at 3pm" in str(proposal.params["description"])


def test_a_ticket_request_without_a_subject_asks_for_the_title() -> None:
    """ "Create a ticket" alone proposes no title, so validation asks for one instead of filing an empty ticket."""
    assert recognise("Create a ticket") == ProposedAction(action="create_ticket", params={})
