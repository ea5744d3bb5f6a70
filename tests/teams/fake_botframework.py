"""A local fake of Microsoft's side of a Teams bot, on 127.0.0.1: what the adapter talks to, at the wire.

- the Bot Framework OpenID metadata and its key set (an RS256 key made here), and a token issuer that signs
  activities the way the Bot Framework does (issuer https://api.botframework.com, audience the app id,
  `serviceurl` claim);
- the Entra token endpoint (client-credentials grant) for the bot's outbound tokens;
- the Bot Connector under `service_url`: records every activity sent, replied or updated, and fails on demand
  (429 or 503 with Retry-After for the next N calls).
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "7b1c3e2a-5d4f-4a6b-9c8d-0e1f2a3b4c5d"
APP_PASSWORD = "test-client-secret"
TENANT_ID = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f"
ISSUER = "https://api.botframework.com"
KEY_ID = "fake-key-1"


@dataclass(frozen=True)
class Sent:
    """One call to the fake connector: what was sent, where, and with which bearer token."""

    kind: str  # send | reply | update
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    token: str
    status: int
    at: float = field(default_factory=time.monotonic)
    id: str | None = None  # the activity id the connector gave back

    def posted(self) -> dict[str, Any]:
        """What an invoke on this activity refers to: its id and conversation."""
        return {"id": self.id, "conversation": self.conversation_id}


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeBotFramework:
    def __init__(self) -> None:
        self.key = new_key()
        self.sent: list[Sent] = []
        self.token_requests: list[dict[str, str]] = []
        self.metadata_requests = 0
        self.issued: set[str] = set()
        self.base_url = ""
        self._failures: list[tuple[int, str | None, int]] = []  # (status, retry-after, times)
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/{TENANT_ID}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/teams/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post("/teams/v3/conversations/{cid}/activities", self._activity)
        app.router.add_route("*", "/teams/v3/conversations/{cid}/activities/{aid}", self._activity)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def sign(self, *, key: rsa.RSAPrivateKey | None = None, kid: str = KEY_ID, **claims: Any) -> str:
        """A Bot Framework token for an activity to this bot; any claim can be overridden (None removes it)."""
        now = int(time.time())
        base = {"iss": ISSUER, "aud": APP_ID, "serviceurl": self.service_url, "nbf": now - 5, "exp": now + 3600}
        merged = {k: v for k, v in (base | claims).items() if v is not None}
        return jwt.encode(merged, key or self.key, algorithm="RS256", headers={"kid": kid})

    def fail_next(self, status: int, *, retry_after: str | None = "1", times: int = 1) -> None:
        """The next `times` connector calls answer `status` (429, 503...) with Retry-After."""
        self._failures.append((status, retry_after, times))

    def delivered(self, kind: str | None = None) -> list[Sent]:
        return [s for s in self.sent if s.status < 300 and (kind is None or s.kind == kind)]

    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        return web.json_response(
            {
                "issuer": ISSUER,
                "jwks_uri": f"{self.base_url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return web.json_response({"keys": [jwk | {"kid": KEY_ID, "use": "sig", "endorsements": ["msteams"]}]})

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.token_requests.append(form)
        good = form.get("client_id") == APP_ID and form.get("client_secret") == APP_PASSWORD
        if not good or form.get("grant_type") != "client_credentials" or not form.get("scope"):
            return web.json_response({"error": "invalid_client"}, status=401)
        token = secrets.token_urlsafe(24)
        self.issued.add(token)
        return web.json_response({"token_type": "Bearer", "expires_in": 3600, "access_token": token})

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        aid = request.match_info.get("aid")
        kind = "update" if request.method == "PUT" else ("reply" if aid or body.get("replyToId") else "send")
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        status, headers = self._status(token)
        given = aid if kind == "update" else f"1700000{next(self._ids):06d}"
        self.sent.append(Sent(kind, request.match_info["cid"], aid, body, token, status, id=given))
        if status >= 300:
            return web.json_response({"error": {"code": "Throttled"}}, status=status, headers=headers)
        return web.json_response({"id": given})

    def _status(self, token: str) -> tuple[int, dict[str, str]]:
        if token not in self.issued:
            return 401, {}
        if self._failures:
            status, retry_after, times = self._failures[0]
            self._failures[0] = (status, retry_after, times - 1)
            if times - 1 <= 0:
                self._failures.pop(0)
            return status, ({"Retry-After": retry_after} if retry_after is not None else {})
        return 200, {}
