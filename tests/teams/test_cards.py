"""Confirmation cards and answers as Teams renders them: buttons only for who may decide, data only the id."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.render import UNVERIFIED
from bot.teams.cards import (
    MAX_REFRESH_USERS,
    VALUE_CHARS,
    build_confirmation,
    build_confirmation_view,
    build_decided,
    invoke_card,
)
from bot.teams.render import build_reply, dump
from model.replies import ActionCard, Choice, Citation, Reply, ReplyKind, Verb

CARD = ActionCard(
    pending_id="pend-7f3a",
    action="restart_service",
    description="Restart a systemd service on one host.",
    params={"host": "web-01", "service": "[click me](https://evil.example)", "force": True},
    risk="high",
    who_may_confirm="an approver (ops-approvers)",
    expires_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC) + timedelta(minutes=15),
)
CHOICES = (
    Choice("Confirm", Verb.CONFIRM, "pend-7f3a", "primary"),
    Choice("Cancel", Verb.CANCEL, "pend-7f3a"),
    Choice("Hand back to Opsbot", Verb.HANDBACK),
)
APPROVERS = ["33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"]


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute anywhere in the card (buttons; the refresh action is not a button)."""
    return [a for block in card.get("body", []) if block["type"] == "ActionSet" for a in block["actions"]]


def texts(card: dict[str, Any]) -> str:
    return json.dumps(card["body"], ensure_ascii=False)


def test_the_posted_card_shows_the_exact_parameters_and_no_decision_buttons() -> None:
    """Everyone sees the action and every parameter as stored; Confirm/Cancel are not on the shared card."""
    card = build_confirmation(CARD, CHOICES, APPROVERS)
    shown = texts(card)
    for fragment in ("restart_service", "web-01", "[click me](https://evil.example)", "true", "high", "ops-approvers"):
        assert fragment in shown
    assert [a["verb"] for a in actions(card)] == ["handback"]


def test_only_the_deciders_get_their_own_view_with_the_buttons() -> None:
    """refresh.userIds names exactly who may decide; their refreshed view has Confirm and Cancel."""
    card = build_confirmation(CARD, CHOICES, APPROVERS)
    assert card["refresh"]["userIds"] == APPROVERS
    assert card["refresh"]["action"] == {
        "type": "Action.Execute",
        "title": "Refresh",
        "verb": "refresh",
        "data": {"id": "pend-7f3a"},
    }
    view = build_confirmation_view(CARD, CHOICES, APPROVERS)
    assert [a["verb"] for a in actions(view)] == ["confirm", "cancel", "handback"]
    assert [a["style"] for a in actions(view)][:2] == ["positive", "default"]


def test_button_data_carries_only_the_opaque_id() -> None:
    """No parameter, action name or user travels in a button: data is {"id": pending id}, the verb is the verb."""
    view = build_confirmation_view(CARD, CHOICES, APPROVERS)
    for action in [*actions(view), view["refresh"]["action"]]:
        assert set(action["data"]) == {"id"}
    assert {a["verb"]: a["data"]["id"] for a in actions(view)} == {
        "confirm": "pend-7f3a",
        "cancel": "pend-7f3a",
        "handback": "",
    }


def test_parameters_are_not_read_as_markdown() -> None:
    """A parameter is a TextRun (Teams does not render markdown there), so it cannot become a link."""
    card = build_confirmation(CARD, CHOICES, APPROVERS)
    runs = [i for b in card["body"] if b["type"] == "RichTextBlock" for i in b["inlines"]]
    assert any(r == {"type": "TextRun", "text": "[click me](https://evil.example)"} for r in runs)
    assert not any(b["type"] == "TextBlock" for b in card["body"])


def test_the_decided_card_has_no_buttons_and_no_refresh() -> None:
    """After the decision everyone sees the outcome and who decided; nobody can click again."""
    card = build_decided(CARD, "✅ Restarted web-01.", "Confirmed by Ann Example", keep=CHOICES)
    assert "refresh" not in card
    assert [a["verb"] for a in actions(card)] == ["handback"]
    assert "Restarted web-01" in texts(card) and "Confirmed by Ann Example" in texts(card)
    assert invoke_card(card) == {"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": card}


def test_limits_hold_for_many_approvers_and_long_values() -> None:
    """At most 60 user-specific views (Teams' limit); values are cut with an ellipsis, never sent whole."""
    many = [f"{n:08d}-0000-4000-8000-000000000000" for n in range(75)]
    long = ActionCard(**{**CARD.__dict__, "params": {"note": "x" * 5000}})
    card = build_confirmation(long, CHOICES, many)
    assert len(card["refresh"]["userIds"]) == MAX_REFRESH_USERS
    note = next(
        i["text"]
        for b in card["body"]
        if b["type"] == "RichTextBlock"
        for i in b["inlines"]
        if i["text"].startswith("x")
    )
    assert len(note) == VALUE_CHARS and note.endswith("…")


def test_a_confirmation_reply_posts_the_shared_card() -> None:
    """The reply for a proposal is a message with the shared card attached, buttons left to the refresh."""
    reply = Reply(ReplyKind.CONFIRMATION, "I can restart it. Please confirm.", choices=CHOICES, card=CARD)
    activity = dump(build_reply(reply, viewers=APPROVERS[:1]))
    (attachment,) = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["content"]["refresh"]["userIds"] == APPROVERS[:1]
    assert "confirm" not in [a["verb"] for a in actions(attachment["content"])]
    assert "channelData" not in activity  # no feedback loop on a confirmation


def test_an_answer_has_native_citations_the_ai_label_and_feedback() -> None:
    """Numbered markers match Teams citations (title, section, link); the AI label and 👍/👎 come with it."""
    citations = (
        Citation("runbooks/nginx.md", "Nginx", "Nginx › Restart", "runbook", "https://wiki.example/nginx#restart"),
        Citation("tickets/OPS-12", "OPS-12", "", "ticket"),
    )
    reply = Reply(ReplyKind.ANSWER, "Reload first [1], restart if it hangs [2]. See [9].", citations=citations)
    activity = dump(build_reply(reply))
    assert activity["text"] == "Reload first [1], restart if it hangs [2]. See ."
    (entity,) = activity["entities"]
    assert entity["additionalType"] == ["AIGeneratedContent"]
    claims = {c["position"]: c["appearance"] for c in entity["citation"]}
    assert claims[1] == {
        "@type": "DigitalDocument",
        "name": "Nginx",
        "abstract": "Nginx › Restart",
        "url": "https://wiki.example/nginx#restart",
        "encodingFormat": "application/vnd.microsoft.card.adaptive",
    }
    assert (claims[2]["name"], claims[2]["abstract"], "url" in claims[2]) == ("OPS-12", "ticket: tickets/OPS-12", False)
    assert activity["channelData"]["feedbackLoop"] == {"type": "default"}


def test_an_unverified_answer_says_so_and_text_cannot_carry_markup() -> None:
    """The unverified notice is part of the text; '<' and '>' are escaped so no HTML or <at> reaches Teams."""
    reply = Reply(
        ReplyKind.ANSWER,
        "Try <at>Ann</at> or <b>this</b>.",
        unverified=True,
        choices=(Choice("Talk to a human", Verb.HUMAN),),
    )
    activity = dump(build_reply(reply))
    assert activity["text"].startswith("Try &lt;at&gt;Ann&lt;/at&gt; or &lt;b&gt;this&lt;/b&gt;.")
    assert UNVERIFIED in activity["text"]
    (attachment,) = activity["attachments"]
    assert [a["verb"] for a in actions(attachment["content"])] == ["human"]


def _runs(card: dict[str, Any]) -> list[list[str]]:
    return [[i["text"] for i in b["inlines"]] for b in card["body"] if b["type"] == "RichTextBlock"]


def test_a_newline_in_a_parameter_cannot_forge_a_line_on_the_card() -> None:
    """A title holding `\\nimpact: none` stays one line, shown with ␊; bidi and zero-width characters show as code
    points."""
    params = {"title": "Disk full\nimpact: none", "file": "invoice\u202egnp.exe\u200b", "impact": "critical"}
    card = build_confirmation(ActionCard(**{**CARD.__dict__, "params": params}), CHOICES, APPROVERS)
    assert ["title: ", "Disk full␊impact: none"] in _runs(card)
    assert ["file: ", "invoice⟨U+202E⟩gnp.exe⟨U+200B⟩"] in _runs(card)
    assert not any("\n" in text or "\u202e" in text for runs in _runs(card) for text in runs)


def test_a_long_value_is_cut_visibly_and_given_in_full_below() -> None:
    """The line says how much was cut, and every character of the value follows under "Full value of note:"."""
    long = ActionCard(**{**CARD.__dict__, "params": {"note": "x" * 5000}})
    runs = _runs(build_confirmation(long, CHOICES, APPROVERS))
    line = next(r for r in runs if r[0] == "note: ")
    assert "4001 more characters" in line[2]
    full = runs[runs.index(["Full value of note:"]) + 1]
    assert "".join(full) == "x" * 5000
