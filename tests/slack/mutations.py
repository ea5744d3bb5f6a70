"""Malformed Slack requests, seeded: well-formed events, clicks and commands broken at the byte, JSON and shape level,
as a careless integration or an attacker with the signing secret would send them. The fuzz tests feed them to the
HTTP endpoint and to Socket Mode."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from tests.slack.fake_slack import BOT_USER, TEAM

JSON, FORM = "application/json", "application/x-www-form-urlencoded"
CONTENT_TYPES = [JSON, FORM, "text/plain", "application/xml", "multipart/form-data", "", None]
ODD_VALUES: list[Any] = [None, [], {}, 0, -1, 1.5, True, "", "x" * 2000, [None], [{}], {"a": {}}, "\u0000", "\ud800"]


def deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = {"a": value}
    return value


def seeds() -> list[tuple[dict[str, Any], str]]:
    """Well-formed payloads of every kind the bot takes, each with its content type."""
    event = {"type": "app_mention", "channel": "C0GENERAL", "user": "U0BOB", "text": f"<@{BOT_USER}> vpn", "ts": "9.1"}
    envelope = {"type": "event_callback", "team_id": TEAM, "event_id": "Ev0FUZZ", "event": event,
                "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}  # fmt: skip
    message = {"type": "message", "ts": "9.2", "blocks": [{"type": "actions", "elements": [{"type": "button"}]}]}
    click = {"type": "block_actions", "team": {"id": TEAM}, "user": {"id": "U0BOB"}, "channel": {"id": "C0GENERAL"},
             "container": {"type": "message", "message_ts": "9.2"}, "message": message,
             "actions": [{"type": "button", "action_id": "opsbot_choice_0", "value": "feedback:up"}]}  # fmt: skip
    command = {"command": "/ops", "text": "help", "team_id": TEAM, "channel_id": "C0GENERAL", "user_id": "U0BOB"}
    home = envelope | {"event": {"type": "app_home_opened", "user": "U0BOB", "tab": "home"}}
    return [(envelope, JSON), (home, JSON), (click, FORM), (command, FORM), ({"type": "url_verification"}, JSON)]


def encode(payload: Any, content_type: str) -> bytes:
    if content_type == FORM and isinstance(payload, dict) and "command" in payload:
        fields = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in payload.items()}
        return urlencode(fields, errors="surrogatepass").encode()
    text = json.dumps(payload)
    return urlencode({"payload": text}).encode() if content_type == FORM else text.encode("utf-8", "surrogatepass")


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path into a JSON value."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def set_at(payload: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> Any:
    changed = copy.deepcopy(payload)
    parent = changed
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return changed


def structural(rng: random.Random, payload: dict[str, Any]) -> Any:
    """One field replaced by an odd value (or a deep one), removed, or the whole payload wrapped."""
    choice = rng.random()
    if choice < 0.05:
        return [payload]
    path = rng.choice(list(paths(payload)))
    if choice < 0.25:
        return set_at(payload, path, None, delete=True)
    value = deep(rng.choice([80, 500, 900])) if choice < 0.3 else rng.choice(ODD_VALUES)
    return set_at(payload, path, value)


def byte_level(rng: random.Random, body: bytes) -> bytes:
    """The encoded body cut short, with a byte changed, with junk inserted, or doubled."""
    at = rng.randrange(len(body) + 1)
    return rng.choice([
        body[:at],
        body[:at] + bytes([rng.randrange(256)]) + body[at + 1 :],
        body[:at] + rng.choice([b"\xff", b"\xc3\x28", b"\x00", b"{", b"%", b"]]"]) + body[at:],
        body + body,
    ])  # fmt: skip


def specials() -> list[tuple[bytes, str | None]]:
    """The bodies the black-box test found: each one used to get a 500."""
    click = seeds()[2][0]
    actions = [set_at(click, ("actions",), value) for value in ([], None, {}, [None], [{}], "x", [{"action_id": 5}])]
    return [
        (b"\xff", JSON),
        (b"", JSON),
        (b"not json", JSON),
        (b"[" * 100_000, JSON),
        (b'{"a":' * 50_000, JSON),
        (b"[1, 2]", JSON),
        (b'"just a string"', JSON),
        (b"payload=%FF", FORM),
        (b"payload=not-json", FORM),
        (b'{"type": "block_actions"}', JSON),
        (b'{"type": "event_callback", "event": 5}', JSON),
        (b'{"type": "event_callback", "authorizations": 5, "event": {"type": "message"}}', JSON),
        (b'{"type": "some_new_type"}', JSON),
        (b'{"type": "event_callback", "event": {"type": "reaction_added", "user": "U0BOB"}}', JSON),
        (b"x" * (1024 * 1024 + 1), JSON),
        *[(encode(payload, FORM), FORM) for payload in actions],
    ]


def mutated_bodies(seed: int, count: int) -> list[tuple[bytes, str | None]]:
    """The special cases, then `count` seeded mutations of the well-formed payloads."""
    rng = random.Random(seed)
    bodies = specials()
    while len(bodies) < count:
        payload, content_type = rng.choice(seeds())
        kind = rng.random()
        if kind < 0.55:
            bodies.append((encode(structural(rng, payload), content_type), content_type))
        elif kind < 0.85:
            bodies.append((byte_level(rng, encode(payload, content_type)), content_type))
        else:
            bodies.append((encode(payload, content_type), rng.choice(CONTENT_TYPES)))
    return bodies


def envelopes(seed: int, count: int) -> list[Any]:
    """Socket Mode frames: envelopes whose payload is mutated, or whose envelope itself is malformed."""
    rng = random.Random(seed)
    frames: list[Any] = [
        {"envelope_id": "bad-1", "type": "events_api", "payload": [1]},
        {"envelope_id": "bad-2", "type": "events_api", "payload": 5},
        {"envelope_id": "bad-3", "type": "events_api"},
        {"type": "events_api", "payload": {}},
        {"envelope_id": "bad-4", "type": 7, "payload": {}},
        *([1, 2], "not json", "[" * 5000),
    ]
    while len(frames) < count:
        payload, _ = rng.choice(seeds())
        kind = "interactive" if "actions" in payload else "slash_commands" if "command" in payload else "events_api"
        frames.append({"envelope_id": f"fuzz-{len(frames)}", "type": kind, "payload": structural(rng, payload)})
    return frames
