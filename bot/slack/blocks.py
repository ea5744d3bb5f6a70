"""Block Kit built by pure functions from neutral replies; nothing here talks to Slack.

Slack's limits hold for every message built here: 50 blocks, 3,000 characters a section, 10 elements a context
block, 25 elements an actions block, 75 characters a button label and 2,000 a button value, and a plain `text`
fallback always goes with the blocks (notifications, screen readers, old clients).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.card_values import ShownValue, shortened_note, shown_value
from bot.core.render import UNVERIFIED
from bot.slack.markdown import to_mrkdwn
from model.replies import ActionCard, Choice, Citation, EscalationNotice, Reply, ReplyKind, Verb
from model.status import PendingStatus

Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_CHARS = 3000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_LABEL = 75
BUTTON_VALUE = 2000
FALLBACK_CHARS = 3000
CARD_SECTIONS = 30  # of a message's 50 blocks: the rest are the reply's text, facts, citations and buttons
CHOICE_ACTION = "opsbot_choice"  # action ids are opsbot_choice_0, _1, ...; the button value carries the meaning
FEEDBACK = (Choice("👍", Verb.FEEDBACK, "up"), Choice("👎", Verb.FEEDBACK, "down"))
_DECIDED = {PendingStatus.CANCELLED: "Cancelled", PendingStatus.EXPIRED: "Expired"}
_ICONS = {
    PendingStatus.SUCCEEDED: "✅",
    PendingStatus.FAILED: "❌",
    PendingStatus.DENIED: "⛔",
    PendingStatus.CANCELLED: "✖️",
    PendingStatus.EXPIRED: "⌛",
}
# Only user and channel mentions survive escaping: the text can never ping @channel, @here or a user group.
_SAFE_MENTION = re.compile(r"&lt;([@#][UWC][A-Z0-9]{2,}(?:\|[^&<>]{0,80})?)&gt;")
_GROUP_ID = re.compile(r"S[A-Z0-9]{2,}")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[Block]

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def build_reply(reply: Reply) -> Message:
    """The notice and text, then the card, the unverified notice, citations, what follows the card (an on-call
    notice) and all the buttons, within 50 blocks."""
    tail = build_card(reply.card) if reply.card is not None else []
    if reply.unverified:
        tail.append(build_context([f"⚠️ {UNVERIFIED}"]))
    tail += build_citations(reply.citations)
    choices = (*FEEDBACK, *reply.choices) if reply.kind is ReplyKind.ANSWER else reply.choices
    if reply.follow_up is not None:
        tail += build_sections(reply.follow_up.text, budget=3)
        choices = (*choices, *reply.follow_up.choices)
    tail += build_buttons(choices)
    text = f"<@{reply.mention}> {reply.text}" if reply.mention and _USER_ID.fullmatch(reply.mention) else reply.text
    text = f"_{reply.notice}_\n\n{text}" if reply.notice else text
    body = build_sections(text, budget=MAX_BLOCKS - len(tail))
    said = f"{text}\n\n{reply.follow_up.text}" if reply.follow_up is not None else text
    return Message(build_fallback(said), body + tail)


def build_fallback(text: str) -> str:
    """The notification text: the reply itself, escaped and bounded."""
    escaped = escape(text.strip()) or "Opsbot"
    return escaped if len(escaped) <= FALLBACK_CHARS else escaped[: FALLBACK_CHARS - 1] + "…"


def build_sections(text: str, *, budget: int = MAX_BLOCKS) -> list[Block]:
    """Mrkdwn sections of at most 3,000 characters, cut at line or word ends; shortened if over `budget`."""
    chunks = split_text(to_mrkdwn(escape(text.strip())), SECTION_CHARS)
    if len(chunks) > max(budget, 1):
        chunks = chunks[: max(budget, 1)]
        chunks[-1] = chunks[-1][: SECTION_CHARS - 60] + "\n_…(shortened: too long for one Slack message)_"
    return [section(chunk) for chunk in chunks]


def build_card(card: ActionCard) -> list[Block]:
    """Exactly what will run: the action, every parameter as stored (one line each, invisible characters shown,
    a long one cut visibly and given in full below), the risk, who may confirm, the expiry."""
    shown = {name: shown_value(value) for name, value in card.params.items()}
    lines = [f"• *{escape(name)}*: {escape(value.line)}{_cut(value)}" for name, value in shown.items()]
    params = "*Parameters*\n" + ("\n".join(lines) if lines else "_none_")
    full = [_full_value(name, value) for name, value in shown.items() if value.shortened]
    facts = [f"Risk: *{escape(card.risk)}*", f"May confirm: {escape(card.who_may_confirm)}"]
    facts.append(f"Expires {date_token(card.expires_at)}")
    sends = f"\n*Sends:* {escape(card.destination)}" if card.destination else ""
    head = section(f"*Action:* `{escape(card.action)}`{sends}\n{escape(card.description)}")
    chunks = [*split_text(params, SECTION_CHARS), *(chunk for value in full for chunk in value)]
    if len(chunks) > CARD_SECTIONS:
        chunks = [*chunks[: CARD_SECTIONS - 1], "_…(the rest is too long for one Slack message)_"]
    return [head, *(section(chunk) for chunk in chunks), build_context(facts)]


def _cut(value: ShownValue) -> str:
    return f"_{escape(shortened_note(value))}_" if value.shortened else ""


def _full_value(name: str, value: ShownValue) -> list[str]:
    """The whole of a value the card line had to cut, in sections of its own."""
    return split_text(f"*Full value of {escape(name)}:*\n{escape(value.full)}", SECTION_CHARS)


def build_citations(citations: Sequence[Citation]) -> list[Block]:
    """'Sources:' and each citation's title › section, linked when its URL is known; 10 per context block."""
    if not citations:
        return []
    items = [_link(c.url, c.label) if c.url else f"{escape(c.label)} ({escape(c.source)})" for c in citations]
    items = [_with_freshness(item, c) for item, c in zip(items, citations, strict=True)]
    items[0] = "Sources: " + items[0]
    return [build_context(items[i : i + CONTEXT_ELEMENTS]) for i in range(0, len(items), CONTEXT_ELEMENTS)]


def _with_freshness(item: str, citation: Citation) -> str:
    """A source with its last update in words; a stale one gets a warning sign as well."""
    if not citation.freshness:
        return item
    return f"{item} · {'⚠️ ' if citation.stale else ''}_{escape(citation.freshness)}_"


def build_buttons(choices: Iterable[Choice]) -> list[Block]:
    """One button per choice; the value is the opaque choice value and nothing else."""
    buttons = [build_button(i, c) for i, c in enumerate(choices) if 0 < len(c.value) <= BUTTON_VALUE]
    return [
        {"type": "actions", "elements": buttons[i : i + ACTIONS_ELEMENTS]}
        for i in range(0, len(buttons), ACTIONS_ELEMENTS)
    ]


def build_button(index: int, choice: Choice) -> Block:
    label = choice.label if len(choice.label) <= BUTTON_LABEL else choice.label[: BUTTON_LABEL - 1] + "…"
    button: Block = {
        "type": "button",
        "action_id": f"{CHOICE_ACTION}_{index}",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "value": choice.value,
    }
    if choice.style in ("primary", "danger"):
        button["style"] = choice.style
    return button


def build_decided(blocks: Sequence[Block], reply: Reply, actor_id: str) -> Message:
    """The clicked card without its Confirm/Cancel buttons (a Hand back button stays), then the outcome and who."""
    status = reply.decision.status if reply.decision is not None else None
    who = f"{_DECIDED.get(status, 'Confirmed') if status else 'Confirmed'} by <@{actor_id}>"
    outcome = f"{_ICONS.get(status, '') if status else ''} {reply.text}".strip()
    return build_closed(blocks, outcome=outcome, note=who, keep=(f"{Verb.HANDBACK}:",))


def build_closed(blocks: Sequence[Block], *, outcome: str, note: str, keep: tuple[str, ...] = ()) -> Message:
    """A posted message with its buttons replaced by an outcome line and a note (who did what); buttons whose value
    starts with one of `keep` stay, after the note (a card's Hand back outlives the decision, and the other way)."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    still = [e for b in blocks if b.get("type") == "actions" for e in b.get("elements", []) if _kept(e, keep)]
    extra = [*build_sections(outcome, budget=3), build_context([note])]
    if still:
        extra.append({"type": "actions", "elements": still[:ACTIONS_ELEMENTS]})
    kept = kept[: MAX_BLOCKS - len(extra)]
    return Message(build_fallback(f"{outcome} ({note})"), kept + extra)


def _kept(element: Block, keep: tuple[str, ...]) -> bool:
    return bool(keep) and str(element.get("value", "")).startswith(keep)


def build_escalation_notice(notice: EscalationNotice, link: str | None) -> Message:
    """For on-call: the group mentioned, who asked and why, the redacted summary, and a link to the thread."""
    group = notice.group
    mention = f"<!subteam^{group}>" if group and _GROUP_ID.fullmatch(group) else escape(group or "On-call:")
    who = f"<@{notice.requester}>" if _USER_ID.fullmatch(notice.requester) else escape(notice.requester)
    lead = "Reminder: nobody has answered this escalation yet." if notice.repeat else "Opsbot escalation."
    head = f"{mention} {lead} {who} needs a human ({escape(notice.reason)})."
    where = f"<{link}|Open the thread>" if link else f"Thread: {escape(notice.thread.key)}"
    summary = build_sections("*Conversation so far (redacted)*\n" + notice.summary, budget=MAX_BLOCKS - 2)
    context = [where, f"Ticket: {escape(notice.ticket)}"] if notice.ticket else [where]
    return Message(head, [section(head), *summary, build_context(context)])


def build_context(items: Sequence[str]) -> Block:
    """A context block of mrkdwn items (at most 10; each kept under 3,000 characters)."""
    elements = [{"type": "mrkdwn", "text": item[:SECTION_CHARS]} for item in items[:CONTEXT_ELEMENTS]]
    return {"type": "context", "elements": elements}


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def date_token(when: datetime) -> str:
    """A date Slack shows in each reader's own time zone, with a UTC fallback."""
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} at {{time}}|{when:%Y-%m-%d %H:%M} UTC>"


def escape(text: str) -> str:
    """Slack's three control characters escaped, so text cannot forge links or mass mentions."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SAFE_MENTION.sub(r"<\1>", escaped)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line end, else a space, never inside an &entity;."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
            amp = rest.rfind("&", cut - 5, cut)
            cut = amp if amp > 0 and ";" not in rest[amp:cut] else cut
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest.strip():
        pieces.append(rest)
    return [p for p in pieces if p]


def _link(url: str, label: str) -> str:
    """A link only for web URLs; '|', '<' and '>' inside the URL are percent-encoded so they cannot break out."""
    if not url.startswith(("https://", "http://")):
        return f"{escape(label)} ({escape(url)})"
    safe = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E")
    return f"<{safe}|{escape(label).replace('|', '¦')}>"
