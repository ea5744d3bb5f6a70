"""Slack's message markup into the neutral form: plain text as a reader sees it, with mentions and links as
structured parts. Nothing past the Slack adapter (redaction, the core, the LLM) sees `<@U…>` or `<url|label>`.

    <@U123>, <@U123|legacy>   -> "@Priya Natarajan" (the directory's name; the id if unknown) + Mention
    <@BOT>                     -> removed (the message is addressed to the bot)
    <#C123|ops-alerts>         -> "#ops-alerts"          <!here>, <!subteam^S1|@sre> -> "@here", "@sre"
    <mailto:a@b.c|a@b.c>       -> "a@b.c"                <tel:+1415…|+1 415 …>      -> "+1 415 …"
    <https://x|label>          -> "label (https://x)" + Link (the target may hold PII: it stays in the text)
    &lt; &gt; &amp;           -> < > &
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from model.messages import Link, Mention

_TOKEN = re.compile(
    r"<(?P<body>[@#!][^<>\s|]+(?:\|[^<>]*)?|(?:mailto|tel|https?|ftp):[^<>\s|]+(?:\|[^<>]*)?)>|&(?:amp|lt|gt);"
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_SQUEEZE = re.compile(r"[\s()+.-]")
NameOf = Callable[[str], str | None]


@dataclass(frozen=True)
class Plain:
    text: str
    mentions: tuple[Mention, ...]
    links: tuple[Link, ...]
    addressed: bool  # the bot's own mention was in the text


def to_plain(text: str, *, bot_user_id: str | None, name_of: NameOf) -> Plain:
    """The message as a reader sees it, the people it mentions and the links it holds."""
    mentions: list[Mention] = []
    links: list[Link] = []
    addressed = False
    if bot_user_id:
        text, count = re.subn(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>:?", " ", text)
        addressed = count > 0

    def render(match: re.Match[str]) -> str:
        body = match.group("body")
        if body is None:
            return _ENTITIES[match.group(0)]
        target, _, label = body.partition("|")
        if target.startswith("@"):
            user = target[1:]
            name = name_of(user) or label or user
            mentions.append(Mention(user, name))
            return f"@{name}"
        if target.startswith("#"):
            return f"#{label}" if label else target
        if target.startswith("!"):
            return label or "@" + target[1:].partition("^")[0]
        if target.startswith(("mailto:", "tel:")):
            target = target.partition(":")[2]
        else:
            links.append(Link(target, label or target))
        return _with_label(target, label)

    plain = _TOKEN.sub(render, text)
    return Plain(re.sub(r"[ \t]{2,}", " ", plain).strip(), tuple(mentions), tuple(links), addressed)


def _with_label(target: str, label: str) -> str:
    """A link shows its label; keep the target too when it says something else (it may hold PII)."""
    if not label or _SQUEEZE.sub("", label).casefold() == _SQUEEZE.sub("", target).casefold():
        return target
    return f"{label} ({target})"
