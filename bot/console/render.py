"""Plain-text rendering of neutral replies for a terminal."""

from __future__ import annotations

from model.replies import ActionCard, Choice, Citation, Reply, ReplyKind

_BADGES = {ReplyKind.ERROR: "! ", ReplyKind.ESCALATION: "» ", ReplyKind.NOTICE: "· "}


def build_text(reply: Reply) -> str:
    """The reply as lines of text: notice, body, card, sources, what follows the card, numbered choices."""
    lines = [f"({reply.notice})"] if reply.notice else []
    lines.append(_BADGES.get(reply.kind, "") + reply.text.replace("**", ""))
    if reply.card is not None:
        lines += build_card(reply.card)
    if reply.citations:
        lines.append("Sources:")
        lines += [
            f"  - {c.label} ({c.source})"
            + (f" <{c.url}>" if c.url else "")
            + (f" · {c.freshness}" if c.freshness else "")
            for c in reply.citations
        ]
    if reply.follow_up is not None:
        lines.append(_BADGES.get(reply.follow_up.kind, "") + reply.follow_up.text)
    if reply.offered:
        lines.append(build_choices(reply.offered))
    return "\n".join(lines)


def _link_and_age(citation: Citation) -> str:
    link = f" <{citation.url}>" if citation.url else ""
    return link + (f" · {citation.freshness}" if citation.freshness else "")


def build_card(card: ActionCard) -> list[str]:
    params = [f"    {name}: {value}" for name, value in card.params.items()]
    return [
        f"  Action: {card.action} ({card.description})",
        "  Parameters:",
        *params,
        f"  Risk: {card.risk} · may confirm: {card.who_may_confirm} · expires {card.expires_at:%H:%M UTC}",
    ]


def build_choices(choices: tuple[Choice, ...]) -> str:
    return "  " + "   ".join(f"[{i}] {c.label}" for i, c in enumerate(choices, start=1))
