"""Message activities built by pure functions from neutral replies: what Teams users expect from an AI app.

An answer is markdown text whose `[n]` markers Teams shows as native citations (title, section, link), with
the "AI generated" label and Teams' 👍/👎 feedback loop. Buttons (Talk to a human, Hand back) and confirmations
ride along as an Adaptive Card. Teams mentions need an entity, so text can never ping anyone; `<` and `>` are
escaped so the text cannot carry HTML either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from microsoft_teams.api.activities.message.message import MessageActivityInput
from microsoft_teams.api.activities.typing import TypingActivityInput
from microsoft_teams.api.models.entity.citation_entity import CitationAppearance

from bot.core.render import UNVERIFIED
from bot.teams.cards import attachment, build_choices, build_confirmation
from model.replies import Citation, Reply, ReplyKind

Activity = dict[str, Any]
TEXT_CHARS = 24_000  # Teams rejects messages of about 28 KB; the citations and the card need room too
MAX_CITATIONS = 20
NAME_CHARS = 80  # Teams' limits for a citation's name and abstract
ABSTRACT_CHARS = 160
FEEDBACK_VERB = "feedback"
_MARKER = re.compile(r"\[(\d+)\]")


def build_reply(reply: Reply, *, viewers: Sequence[str] = (), ai_generated: bool = True) -> MessageActivityInput:
    """The activity for `reply`. `viewers`: the Entra object ids who may decide a confirmation (their own view)."""
    message = MessageActivityInput(text=build_text(reply))
    if reply.kind is ReplyKind.ANSWER:
        for position, citation in enumerate(reply.citations[:MAX_CITATIONS], start=1):
            message.add_citation(position, build_appearance(citation))
        if ai_generated:
            message.add_ai_generated()
        message.add_feedback()
    choices = [c for c in reply.choices if not c.value.startswith(f"{FEEDBACK_VERB}:")]
    card = build_confirmation(reply.card, choices, viewers) if reply.card is not None else build_choices(choices)
    if card is not None:
        message.add_attachments(attachment(card))
    return message


def build_text(reply: Reply) -> str:
    """The reply's text, escaped and bounded, a marker for every citation it shows, the unverified warning, and the
    system notice before it all."""
    text = escape(reply.text.strip()) or "Opsbot"
    shown = len(reply.citations[:MAX_CITATIONS])
    missing = [n for n in range(1, shown + 1) if f"[{n}]" not in text]
    if missing:
        text += " " + "".join(f"[{n}]" for n in missing)
    text = _MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= shown else "", text)
    if reply.unverified:
        text += f"\n\n⚠️ {UNVERIFIED}"
    if reply.notice:  # a system note comes first ("the language model is unavailable")
        text = f"_{escape(reply.notice)}_\n\n{text}"
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"


def build_appearance(citation: Citation) -> CitationAppearance:
    """What Teams shows for a citation: the title, the section (and the kind of source), the link if it is web."""
    name = _cut(citation.title or citation.source, NAME_CHARS)
    abstract = _cut(citation.label if citation.section else f"{citation.kind}: {citation.source}", ABSTRACT_CHARS)
    url = citation.url if citation.url and citation.url.startswith(("https://", "http://")) else None
    return CitationAppearance(name=name, abstract=abstract or name, url=url)


def build_typing() -> TypingActivityInput:
    return TypingActivityInput()


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dump(activity: MessageActivityInput | TypingActivityInput) -> Activity:
    """The activity as JSON, as a reader (or a test) sees it: nulls left out at every depth."""
    dumped: Activity = _without_nulls(activity.model_dump(mode="json", by_alias=True, exclude_none=True))
    return dumped


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
