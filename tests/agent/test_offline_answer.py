"""The offline answer reads like the runbook: the best passage as written, a ticket's resolution before its problem."""

from __future__ import annotations

from dataclasses import dataclass

from bot.agent.offline import compose


@dataclass(frozen=True)
class Passage:
    text: str
    title: str
    section: str
    kind: str = "runbook"
    source: str = "runbooks/vpn.md"
    url: str | None = None


FIX = Passage(
    "## Fix\n1. Switch the profile:\n```sh\nvpnctl profile use vpn-tls-only\nvpnctl reconnect\n```\n2. Test a call.",
    "VPN keeps disconnecting",
    "VPN keeps disconnecting › Fix",
)
PROBLEM = Passage("My VPN drops every 5 minutes, help", "VPN drops at home", "Problem", "ticket", "OPS-1001")
RESOLUTION = Passage(
    "Switched to the vpn-tls-only profile.", "VPN drops on hotel Wi-Fi", "Resolution", "ticket", "OPS-2001"
)


def test_code_blocks_and_steps_keep_their_lines() -> None:
    """A command in a runbook stays on its own line inside its code block, so it can be copied."""
    text = compose([FIX]).text
    assert "```sh\nvpnctl profile use vpn-tls-only\nvpnctl reconnect\n```" in text
    assert "1. Switch the profile:" in text.splitlines()
    assert "## Fix" not in text


def test_a_ticket_resolution_leads_before_another_tickets_problem() -> None:
    """When the best match is someone's problem statement, the resolution found is shown first, and cited first."""
    answer = compose([PROBLEM, RESOLUTION])
    assert answer.text.splitlines()[1:3] == ["[1] **VPN drops on hotel Wi-Fi › Resolution**", RESOLUTION.text]
    assert [c.source for c in answer.citations] == ["OPS-2001", "OPS-1001"]


def test_a_long_passage_is_cut_outside_its_code_block() -> None:
    """A cut never leaves a code block open."""
    long = Passage("```\n" + "\n".join(f"step {n} " + "x" * 80 for n in range(30)) + "\n```", "Long", "Long › Fix")
    text = compose([long]).text
    assert text.count("```") % 2 == 0
    assert len(text) < 2000
