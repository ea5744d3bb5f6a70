"""Opsbot's exception tree, in one place.

    OpsbotError                 base; never shown to a user as-is
    ├── ConfigError             a setting or the config file is invalid: start-up stops, exit code 2
    ├── StartupError            a dependency is unusable at start (database unreachable or behind): exit code 2
    └── UserFacingError         carries `user_text`, safe to show to the person who asked
        ├── ActionError         an action could not be proposed, confirmed or run (see actions.errors)
        └── DeliveryError       a reply could not be delivered to the chat platform

Anything else that escapes a turn is logged with a reference id, and the user sees
"Something went wrong on my side (ref ab12cd)." with the same id as the log line.
"""

from __future__ import annotations

import secrets


class OpsbotError(Exception):
    """Base class for Opsbot's own errors."""


class ConfigError(OpsbotError):
    """A setting or the config file is invalid."""


class StartupError(OpsbotError):
    """Opsbot cannot start: a dependency is unreachable or not ready."""


class UserFacingError(OpsbotError):
    """An error whose message is safe to show to the user."""

    def __init__(self, user_text: str) -> None:
        super().__init__(user_text)
        self.user_text = user_text


class DeliveryError(UserFacingError):
    """A reply could not be delivered."""


def new_reference() -> str:
    """A short id that ties what the user sees to the log line."""
    return secrets.token_hex(3)


def something_went_wrong(reference: str) -> str:
    return f"Something went wrong on my side (ref {reference}). Please try again, or ask for a human."
