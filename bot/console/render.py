"""Plain-text rendering of neutral replies for a terminal."""

from __future__ import annotations

import sys

from bot.core.card_values import shown_value
from model.replies import ActionCard, Choice, Citation, Reply, ReplyKind

_BADGES = {ReplyKind.ERROR: "! ", ReplyKind.ESCALATION: "» ", ReplyKind.NOTICE: "· "}


def build_text(reply: Reply) -> str:
    """The reply as lines of text: notice, body, card with its choices, sources, then what follows the card."""
    lines = [f"({reply.notice})"] if reply.notice else []
    lines.append(_BADGES.get(reply.kind, "") + reply.text.replace("**", ""))
    if reply.card is not None:
        lines += build_card(reply.card)
    if reply.citations:
        lines.append("Sources:")
        lines += [f"  - {c.label} ({c.source})" + _link_and_age(c) for c in reply.citations]
    if reply.offered:
        lines.append(build_choices(reply.offered))
    if reply.follow_up is not None:  # e.g. "on-call was asked to approve": after the card and its buttons
        lines.append(_BADGES.get(reply.follow_up.kind, "") + reply.follow_up.text)
    return "\n".join(lines)


def _link_and_age(citation: Citation) -> str:
    link = f" <{citation.url}>" if citation.url else ""
    return link + (f" · {citation.freshness}" if citation.freshness else "")


def build_card(card: ActionCard) -> list[str]:
    """What will run; the reply's text already says what the action does, and empty values are left out."""
    params = [
        f"    {name}: {shown_value(value, limit=sys.maxsize).line}"
        for name, value in card.params.items()
        if value not in ("", None, [], {})
    ]
    return [
        f"  Action: {card.action}",
        *([f"  Sends: {card.destination}"] if card.destination else []),
        *(["  Parameters:", *params] if params else []),
        f"  Risk: {card.risk} · may confirm: {card.who_may_confirm} · expires {card.expires_at:%H:%M UTC}",
    ]


def build_choices(choices: tuple[Choice, ...]) -> str:
    return "  " + "   ".join(f"[{i}] {c.label}" for i, c in enumerate(choices, start=1))
