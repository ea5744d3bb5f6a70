"""Block Kit rendering: Slack's limits always hold, and reply text can never ping a crowd or forge a link."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.slack.blocks import build_closed, build_reply, escape, split_text
from model.replies import ActionCard, Choice, Citation, Reply, ReplyKind, Verb


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_a_huge_answer_stays_within_fifty_blocks_of_3000_characters() -> None:
    """A 400,000-character answer is split at line ends into sections of at most 3,000, within 50 blocks."""
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(4000))
    message = build_reply(Reply(ReplyKind.ANSWER, text))
    assert len(message.blocks) <= 50
    assert all(len(s) <= 3000 for s in sections(message.blocks))
    assert "shortened" in sections(message.blocks)[-1]
    assert 0 < len(message.text) <= 3000


def test_text_cannot_mention_channel_here_or_a_group_but_user_mentions_stay() -> None:
    """<!channel>, <!here>, group mentions and raw links are shown as text; <@U...> still mentions the person."""
    shown = escape("hi <!channel> <!here> <!subteam^S123> <https://evil.test|bank> & thanks <@U0BOB>")
    assert "<!" not in shown and "<https" not in shown
    assert shown.endswith("&amp; thanks <@U0BOB>")


def test_splitting_never_cuts_an_escaped_character_in_half() -> None:
    """A hard cut lands before '&amp;', never inside it."""
    pieces = split_text(escape("a" * 2998 + "&&&&"), 3000)
    assert all(not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)
    assert "".join(pieces) == "a" * 2998 + "&amp;" * 4


def test_citations_link_when_a_url_is_known_ten_per_context_block() -> None:
    """Twelve citations fill two context blocks; a web URL becomes a link, a pipe in it cannot break out."""
    cites = [Citation(f"src{i}", f"Title {i}", "Section", "runbook") for i in range(11)]
    cites.append(Citation("wiki", "VPN", "Fix", "runbook", "https://wiki.test/a|b"))
    message = build_reply(Reply(ReplyKind.ANSWER, "see sources", citations=tuple(cites)))
    contexts = [b for b in message.blocks if b["type"] == "context"]
    assert [len(c["elements"]) for c in contexts] == [10, 2]
    assert contexts[0]["elements"][0]["text"] == "Sources: Title 0 › Section (src0)"
    assert contexts[1]["elements"][1]["text"] == "<https://wiki.test/a%7Cb|VPN › Fix>"


def test_unverified_answers_say_so() -> None:
    """An answer that could not be checked against the knowledge carries the unverified notice."""
    message = build_reply(Reply(ReplyKind.ANSWER, "maybe restart it", unverified=True))
    assert "could not verify" in str(message.blocks)


def test_buttons_respect_slack_limits_and_long_values_are_dropped() -> None:
    """Labels are cut to 75 characters; a value over 2,000 characters is never sent."""
    choices = (Choice("L" * 100, Verb.HUMAN), Choice("Too long", Verb.CONFIRM, "y" * 2000))
    message = build_reply(Reply(ReplyKind.NOTICE, "pick", choices=choices))
    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    [button] = actions["elements"]
    assert len(button["text"]["text"]) == 75 and button["value"] == "human:"


def test_a_card_with_long_parameters_is_split_but_complete() -> None:
    """Every parameter is shown in full even when they exceed one section."""
    params = {f"field{i}": "v" * 900 for i in range(6)}
    card = ActionCard("pa_x", "bulk", "Do a bulk thing.", params, "high", "sre", datetime(2030, 1, 1, tzinfo=UTC))
    choices = (Choice("Confirm", Verb.CONFIRM, "pa_x", "primary"), Choice("Cancel", Verb.CANCEL, "pa_x"))
    message = build_reply(Reply(ReplyKind.CONFIRMATION, "Please confirm.", choices=choices, card=card))
    shown = "".join(sections(message.blocks))
    assert all(f"*field{i}*: " + "v" * 900 in shown for i in range(6))
    assert all(len(s) <= 3000 for s in sections(message.blocks))
    assert "<!date^1893456000^" in str(message.blocks)


def test_handing_back_on_a_waiting_card_keeps_its_confirm_and_cancel() -> None:
    """Hand back clicked on a card still waiting for an approver removes only that button; deciding the card keeps
    Hand back (the thread is still with the humans)."""
    buttons = {"type": "actions", "elements": [
        {"type": "button", "value": "confirm:pa_1"}, {"type": "button", "value": "cancel:pa_1"},
        {"type": "button", "value": "handback:"},
    ]}  # fmt: skip
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "card"}}, buttons]
    handed = build_closed(blocks, outcome="Handed back to Opsbot.", note="by <@U0SRE>", keep=("confirm:", "cancel:"))
    values = [e["value"] for b in handed.blocks if b["type"] == "actions" for e in b["elements"]]
    assert values == ["confirm:pa_1", "cancel:pa_1"]
    decided = build_closed(blocks, outcome="Done.", note="Confirmed by <@U0SRE>", keep=("handback:",))
    assert [e["value"] for b in decided.blocks if b["type"] == "actions" for e in b["elements"]] == ["handback:"]
    assert build_closed(blocks, outcome="Handed back.", note="x").blocks[-1]["type"] == "context"


def _card(params: dict[str, Any]) -> Reply:
    card = ActionCard("pa_x", "statuspage_incident", "Open an incident.", params, "high", "sre", datetime(2030, 1, 1))
    return Reply(
        ReplyKind.CONFIRMATION, "Please confirm.", choices=(Choice("Confirm", Verb.CONFIRM, "pa_x"),), card=card
    )


def test_a_newline_in_a_parameter_cannot_forge_a_line_on_the_card() -> None:
    """A title holding `\\n• *impact*: none` stays on one line, shown with ␊; the only impact line is real."""
    message = build_reply(_card({"title": "Disk full\n• *impact*: none", "impact": "critical"}))
    lines = "\n".join(sections(message.blocks)).splitlines()
    assert [line for line in lines if line.startswith("• *impact*")] == ["• *impact*: critical"]
    assert "• *title*: Disk full␊• *impact*: none" in lines


def test_bidi_overrides_and_zero_width_characters_are_shown_not_applied() -> None:
    """`invoice\\u202egnp.exe` and a zero-width space show their code points; the characters never reach Slack."""
    message = build_reply(_card({"file": "invoice\u202egnp.exe", "host": "web\u200b-01"}))
    shown = str(message.blocks) + message.text
    assert "\u202e" not in str(message.blocks) and "\u200b" not in str(message.blocks)
    assert "invoice⟨U+202E⟩gnp.exe" in shown and "web⟨U+200B⟩-01" in shown


def test_a_long_parameter_is_cut_visibly_on_its_line_and_given_in_full_below() -> None:
    """A 5,000-character message shows 999 characters and a note on its line, and all 5,000 below the list."""
    message = build_reply(_card({"message": "x" * 5000, "impact": "minor"}))
    texts = sections(message.blocks)
    [line] = [line for text in texts for line in text.splitlines() if line.startswith("• *message*")]
    assert line.startswith("• *message*: " + "x" * 999 + "…") and "4001 more characters" in line
    start = next(i for i, text in enumerate(texts) if text.startswith("*Full value of message:*"))
    assert "".join(texts[start:]).count("x") == 5000
    assert all(len(text) <= 3000 for text in texts) and len(message.blocks) <= 50
