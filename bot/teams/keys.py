"""The keys the Bot Framework signs activities with: read from the OpenID metadata's `jwks_uri`, kept in memory.

Fetched without blocking the event loop (the Teams SDK's validator fetches them with a blocking urllib call inside
the loop). Refreshed once a day, and when a token names a key we do not hold, at most once a minute, so forged
key ids cannot make us hammer the metadata endpoint.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

log = logging.getLogger(__name__)
MAX_AGE_SECONDS = 24 * 3600
COOLDOWN_SECONDS = 60.0
TIMEOUT_SECONDS = 10.0


class KeysUnavailable(Exception):
    """The OpenID metadata or its key set could not be read: no token can be checked right now."""


@dataclass(frozen=True)
class SigningKey:
    key: jwt.PyJWK
    endorsements: frozenset[str] | None  # channels this key may sign for (Bot Framework keys carry them)


class SigningKeys:
    def __init__(
        self,
        metadata_url: str,
        *,
        http: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._metadata_url = metadata_url
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)
        self._clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> SigningKey | None:
        """The key named `kid`, refreshing the set if it is stale or (at most once a minute) lacks that key."""
        if self._stale() or (kid not in self._keys and self._may_refresh()):
            async with self._lock:
                if self._stale() or (kid not in self._keys and self._may_refresh()):
                    await self._refresh()
        return self._keys.get(kid)

    async def warm(self) -> None:
        """Read the key set before the first activity arrives (a burst would otherwise wait for it); a failure is
        logged and left to the first request, which answers 503 so the Bot Framework redelivers."""
        try:
            async with self._lock:
                if self._stale():
                    await self._refresh()
        except KeysUnavailable as exc:
            log.warning("signing keys not read at start: %s", exc)

    async def close(self) -> None:
        await self._http.aclose()

    def _stale(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at > MAX_AGE_SECONDS

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at > COOLDOWN_SECONDS

    async def _refresh(self) -> None:
        try:
            metadata = await self._json(self._metadata_url)
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str):
                raise KeysUnavailable("the OpenID metadata has no jwks_uri")
            self._keys = parse_key_set(await self._json(jwks_uri))
        except (httpx.HTTPError, ValueError) as exc:
            if self._keys:  # keep serving with the keys we have; try again after the cooldown
                self._fetched_at = self._clock() - MAX_AGE_SECONDS + COOLDOWN_SECONDS
                log.warning(
                    "signing keys not refreshed (%s); keeping %d known keys", type(exc).__name__, len(self._keys)
                )
                return
            raise KeysUnavailable(f"signing keys unavailable ({type(exc).__name__})") from exc
        self._fetched_at = self._clock()
        log.info("signing keys refreshed: %d keys", len(self._keys))

    async def _json(self, url: str) -> Mapping[str, Any]:
        response = await self._http.get(url)
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError(f"{url} did not answer a JSON object")
        return body


def parse_key_set(body: Mapping[str, Any]) -> dict[str, SigningKey]:
    """RSA signing keys by key id; keys that are not usable for RS256 signatures are left out."""
    keys: dict[str, SigningKey] = {}
    for entry in body.get("keys") or []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry, algorithm="RS256")
        except jwt.PyJWKError:
            continue
        if isinstance(entry.get("kid"), str):
            keys[entry["kid"]] = SigningKey(key, _endorsements(entry.get("endorsements")))
    return keys


def _endorsements(value: Any) -> frozenset[str] | None:
    return frozenset(str(v) for v in value) if isinstance(value, Sequence) and not isinstance(value, str) else None
