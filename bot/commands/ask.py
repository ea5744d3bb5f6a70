"""`opsbot ask "TEXT" [--user U] [--group G] [--json]`: one question through the same pipeline as chat.

Each call is a fresh thread (cli/ask/<uuid>). `--json` prints the reply for scripts and the eval harness:
{"type", "text", "citations": [...], "proposed_action": {"action", "params", "pending_id"} | null, "unverified",
"notice", "reference"}. The exit code is 1 when the reply is an error, else 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import uuid
from typing import TYPE_CHECKING, Any

from bot.commands.common import container
from bot.console.render import build_text
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import Reply, ReplyKind

if TYPE_CHECKING:
    from bot.core.pipeline import Pipeline

TYPES = {
    ReplyKind.ANSWER: "answer",
    ReplyKind.CONFIRMATION: "proposed_action",
    ReplyKind.ESCALATION: "needs_human",
    ReplyKind.ACTION_RESULT: "action_result",
    ReplyKind.NOTICE: "notice",
    ReplyKind.ERROR: "error",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("ask", help="ask one question (the chat pipeline, once); --json for scripts")
    parser.add_argument("text", help="the question or request")
    parser.add_argument("--user", default="console-user", help="who is asking (default: console-user)")
    parser.add_argument("--group", action="append", default=[], help="a group the asker belongs to (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the reply as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with container() as box:
        settings = box.settings
        groups = settings.people.groups_of(args.user) | frozenset(args.group)
        reply = asyncio.run(ask(box.pipeline, args.text, Person(args.user, groups)))
    if args.json:
        print(json.dumps(build_json(reply), ensure_ascii=False, indent=2))
    elif reply is not None:
        print(build_text(reply))
    return 1 if reply is not None and reply.kind is ReplyKind.ERROR else 0


async def ask(pipeline: Pipeline, text: str, person: Person) -> Reply | None:
    thread = ThreadRef("cli", "ask", uuid.uuid4().hex)
    return await pipeline.handle(InboundMessage(thread=thread, user=person, text=text, direct=True))


def build_json(reply: Reply | None) -> dict[str, Any]:
    """The reply as plain data; None (nothing to say) is type "none"."""
    if reply is None:
        return {"type": "none", "text": "", "citations": [], "proposed_action": None, "unverified": False}
    card = reply.card
    proposal = {"action": card.action, "params": dict(card.params), "pending_id": card.pending_id} if card else None
    citations = [
        {"source": c.source, "section": c.section, "title": c.title, "kind": c.kind, "url": c.url}
        for c in reply.citations
    ]
    return {
        "type": TYPES.get(reply.kind, str(reply.kind)),
        "text": reply.text,
        "citations": citations,
        "proposed_action": proposal,
        "unverified": reply.unverified,
        "notice": reply.notice,
        "follow_up": reply.follow_up.text if reply.follow_up is not None else None,
        "reference": reply.reference,
    }
