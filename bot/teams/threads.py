"""Where a Teams conversation lives, as a neutral ThreadRef, and back.

Teams conversation ids contain colons (`19:abc@thread.tacv2`, `a:1Xy...`) and a channel reply chain is named
inside the id (`19:abc@thread.tacv2;messageid=1700000000001`). `ThreadRef.key` joins with colons and
`ThreadRef.from_key` splits on the first two, so the ids are percent-encoded here: the key round-trips.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from model.messages import ThreadRef

PLATFORM = "teams"
_MESSAGE_ID = ";messageid="


def split_conversation(conversation_id: str) -> tuple[str, str | None]:
    """(the chat or channel, the reply chain's root message id if the id names one)."""
    base, found, root = conversation_id.partition(_MESSAGE_ID)
    return base, (root or None) if found else None


def thread_ref(base: str, root: str) -> ThreadRef:
    """A channel thread (base = the channel conversation, root = its first message), or a chat (root = base)."""
    return ThreadRef(PLATFORM, quote(base, safe=""), quote(root, safe=""))


def reply_conversation(thread: ThreadRef) -> str:
    """The conversation id a reply in `thread` is posted to: the reply chain in a channel, else the chat."""
    base, root = unquote(thread.channel), unquote(thread.thread)
    return base if root == base else f"{base}{_MESSAGE_ID}{root}"
