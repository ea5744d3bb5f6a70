"""Activities as Teams sends them to the messaging endpoint: 1:1, group chat, channel (with mentions and reply
chains), Action.Execute invokes and feedback. Shapes follow the Bot Framework's activity schema."""

from __future__ import annotations

import itertools
from typing import Any

BOT = "28:7b1c3e2a-5d4f-4a6b-9c8d-0e1f2a3b4c5d"
CHANNEL = "19:a1b2c3d4e5f6@thread.tacv2"
TEAM = "19:team0000@thread.tacv2"
GROUP_CHAT = "19:meeting_groupchat0001@thread.v2"
ANN = {"id": "29:1ann", "name": "Ann Example", "aadObjectId": "11111111-1111-4111-8111-111111111111"}
BOB = {"id": "29:1bob", "name": "Bob Sample", "aadObjectId": "22222222-2222-4222-8222-222222222222"}
_ids = itertools.count(1)


def next_id() -> str:
    return f"17000000{next(_ids):05d}"


def _base(service_url: str, kind: str, conversation: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": kind,
        "id": next_id(),
        "timestamp": "2026-12-01T09:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user,
        "conversation": conversation | {"tenantId": "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"},
        "recipient": {"id": BOT, "name": "Opsbot"},
        "channelData": {"tenant": {"id": "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"}},
    }


def personal(service_url: str, text: str, user: dict[str, Any] = ANN) -> dict[str, Any]:
    conversation = {"id": f"a:1personal{user['id'][-3:]}", "conversationType": "personal"}
    return _base(service_url, "message", conversation, user) | {"text": text, "textFormat": "plain"}


def group_chat(service_url: str, text: str, *, mention_bot: bool = True, user: dict[str, Any] = ANN) -> dict[str, Any]:
    conversation = {"id": GROUP_CHAT, "conversationType": "groupChat", "isGroup": True}
    return _message(_base(service_url, "message", conversation, user), text, mention_bot)


def channel(
    service_url: str,
    text: str,
    *,
    root: str | None = None,
    mention_bot: bool = True,
    mentions: tuple[dict[str, Any], ...] = (),
    user: dict[str, Any] = ANN,
) -> dict[str, Any]:
    """A channel post (root=None: it starts a reply chain) or a reply in the chain that `root` started."""
    activity_id = next_id()
    conversation = {"id": f"{CHANNEL};messageid={root or activity_id}", "conversationType": "channel", "isGroup": True}
    body = _base(service_url, "message", conversation, user) | {"id": activity_id}
    if root:
        body["replyToId"] = root
    body["channelData"] |= {"team": {"id": TEAM}, "channel": {"id": CHANNEL}}
    body = _message(body, text, mention_bot)
    for person in mentions:
        markup = f"<at>{person['name']}</at>"
        body["text"] += f" {markup}"
        body["entities"].append(
            {"type": "mention", "mentioned": {"id": person["id"], "name": person["name"]}, "text": markup}
        )
    return body


def card_action(
    service_url: str,
    posted: dict[str, Any],
    verb: str,
    target: str,
    *,
    user: dict[str, Any] = ANN,
    automatic: bool = False,
) -> dict[str, Any]:
    """An Action.Execute on a card the bot posted (`posted`: the activity the fake connector recorded)."""
    conversation = {"id": posted["conversation"], "conversationType": posted.get("type", "personal")}
    body = _base(service_url, "invoke", conversation, user)
    action = {"type": "Action.Execute", "verb": verb, "data": {"id": target}}
    return body | {
        "name": "adaptiveCard/action",
        "replyToId": posted["id"],
        "value": {"action": action, "trigger": "automatic" if automatic else "manual"},
    }


def feedback(service_url: str, answer_id: str, reaction: str, *, user: dict[str, Any] = ANN) -> dict[str, Any]:
    conversation = {"id": "a:1personalann", "conversationType": "personal"}
    body = _base(service_url, "invoke", conversation, user)
    value = {
        "actionName": "feedback",
        "actionValue": {"reaction": reaction, "feedback": '{"feedbackText":"Ann Example said so"}'},
    }
    return body | {"name": "message/submitAction", "replyToId": answer_id, "value": value}


def _message(body: dict[str, Any], text: str, mention_bot: bool) -> dict[str, Any]:
    body["entities"] = [{"type": "clientInfo", "locale": "en-US"}]
    if mention_bot:
        body["entities"].append(
            {"type": "mention", "mentioned": {"id": BOT, "name": "Opsbot"}, "text": "<at>Opsbot</at>"}
        )
        text = f"<at>Opsbot</at> {text}"
    return body | {"text": text}
