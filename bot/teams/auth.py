"""Inbound auth: every activity carries `Authorization: Bearer <JWT>` from the Bot Framework; anything else is 401.

The checks are the Bot Framework's (and the Teams SDK's `TokenValidator`'s): RS256 signature by a key from the
OpenID metadata, issuer https://api.botframework.com, audience = our app id, expiry (5 minutes of clock skew, as
Microsoft allows), the `serviceurl` claim equal to the activity's serviceUrl (so a stolen token cannot send our
replies elsewhere), and the signing key endorsed for the activity's channel. There is no switch to turn them off.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import jwt

from bot.teams.config import BOT_FRAMEWORK_ISSUER, TeamsConfig
from bot.teams.keys import SigningKeys

log = logging.getLogger(__name__)
CLOCK_SKEW_SECONDS = 300
MAX_TOKEN_CHARS = 8_192  # aiohttp refuses longer header lines itself (400)
REQUIRED_CLAIMS = ["exp", "iss", "aud", "serviceurl"]


class Unauthorized(Exception):
    """The request is not from the Bot Framework for this bot. The reason is for our log, never for the caller."""


class InboundAuth:
    def __init__(self, config: TeamsConfig, keys: SigningKeys) -> None:
        self._app_id = config.app_id
        self._keys = keys

    async def verify(self, authorization: str | None, *, service_url: object, channel_id: object) -> Mapping[str, Any]:
        """The token's claims, or Unauthorized. KeysUnavailable when the signing keys cannot be read at all."""
        token = bearer_token(authorization)
        kid = _key_id(token)
        signing = await self._keys.get(kid)
        if signing is None:
            raise Unauthorized("signed with a key the OpenID metadata does not list")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                signing.key,
                algorithms=["RS256"],
                audience=self._app_id,
                issuer=BOT_FRAMEWORK_ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.InvalidTokenError as exc:
            raise Unauthorized(f"token rejected ({type(exc).__name__})") from exc
        if not isinstance(service_url, str) or _normal(claims["serviceurl"]) != _normal(service_url):
            raise Unauthorized("the token's serviceurl is not the activity's serviceUrl")
        if signing.endorsements is not None and channel_id not in signing.endorsements:
            raise Unauthorized("the signing key is not endorsed for this channel")
        return claims


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_CHARS:
        raise Unauthorized("no bearer token")
    return token


def _key_id(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("not a JWT") from exc
    kid = header.get("kid")
    if header.get("alg") != "RS256" or not isinstance(kid, str):
        raise Unauthorized("not an RS256 token with a key id")
    return kid


def _normal(url: object) -> str:
    return str(url).rstrip("/")
