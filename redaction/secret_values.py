"""What a secret value looks like, for the rules that find one by its context (after `password:`, in a URL).

Recall matters more than precision here: a false positive costs a word, a miss costs a rotation. The checks only
reject what is plainly not a value: flags, references to a value kept elsewhere, masks, placeholders and paths.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

_FLAGS = re.IGNORECASE
_NOT_A_VALUE = re.compile(
    r"(?:true|false|null|none|nil|yes|no|on|off|\*+|x+|\.+|redacted|masked|hidden|required|optional|"
    r"changeme|example|placeholder|todo|tbd|unset|empty|n/a)\Z",
    _FLAGS,
)
# ${VAR}, $VAR, %VAR%, {{ .Values.x }}, <redacted>, ‹PERSON_1›, `$(vault kv get ...)`
_REFERENCE = re.compile(r"[$%{<‹\[(]|\*{3}")
_PATH = re.compile(r"(?:~|\.{1,2})?/(?:etc|run|var|home|tmp|opt|usr|secrets?|mnt|srv|root|data|vault)\b|\.\.?/|~/")
_HOSTNAME = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?")
_SYMBOLS = frozenset("!@#$%^&*?~+=/\\|_-.:;'")

# Words that say something *about* a password rather than being one ("the password is expired").
STATUS_WORDS = frozenset({
    "expired", "expiring", "expires", "invalid", "incorrect", "wrong", "correct", "right", "valid", "fine", "ok",
    "okay", "good", "bad", "weak", "strong", "long", "short", "set", "unset", "reset", "changed", "rotated",
    "updated", "stored", "saved", "kept", "managed", "missing", "empty", "blank", "required", "needed", "mandatory",
    "optional", "available", "shared", "known", "unknown", "leaked", "compromised", "exposed", "revoked", "disabled",
    "enabled", "locked", "unlocked", "stale", "old", "new", "same", "different", "default", "generated", "random",
    "encrypted", "hashed", "masked", "redacted", "hidden", "visible", "there", "here", "rejected", "accepted",
    "working", "broken", "fixed", "gone", "please", "thanks", "pending", "attached", "below", "above", "inside",
    "mounted", "injected",
})  # fmt: skip
# Words that come between a password word and its value without being either ("is still calvin", "are user x").
FILLERS = frozenset({
    "literally", "still", "just", "now", "also", "currently", "probably", "again", "simply", "actually", "really",
    "temporarily", "user", "username", "login", "account",
})  # fmt: skip
STOP = STOP_WORDS | STATUS_WORDS


def plausible(value: str) -> bool:
    """A value after `key:` or `key=`: anything but a flag, a reference, a mask, a placeholder or a path."""
    return (
        len(value) >= 3
        and not _NOT_A_VALUE.match(value)
        and not _REFERENCE.match(value)
        and not _PATH.match(value)
        and value.casefold() not in STOP
    )


def looks_random(value: str) -> bool:
    """Letters plus digits or symbols, six or more: a password or token, not a word of prose or an e-mail address.
    A trailing "?" or "!" alone does not count ("rotation policy?"), though "Winter2026!" keeps its "!"."""
    has_letter = any(ch.isalpha() for ch in value)
    # A question or exclamation mark at the end is the sentence's ("our rotation policy?"), not the password's.
    has_other = any(ch.isdigit() or ch in _SYMBOLS for ch in value.rstrip("?!"))
    return len(value) >= 6 and has_letter and has_other and plausible(value) and not is_email(value)


def machine_made(value: str) -> bool:
    """Random-looking and not a host name, URL, path or `key=value` pair: a value standing alone after "pw"."""
    return looks_random(value) and not _HOSTNAME.fullmatch(value) and not re.search(r"://|^[\w.-]+=|^-", value)


def token_like(value: str) -> bool:
    """Letters and digits, no path or host name: what follows "the signing secret is" or "api key:"."""
    has_both = any(ch.isalpha() for ch in value) and any(ch.isdigit() for ch in value)
    return len(value) >= 6 and has_both and "/" not in value and machine_made(value)


def long_token(value: str) -> bool:
    """A token on its own after "token" or "key" with no "is" or ":" between: long enough to be machine-made, or
    mixing cases and digits like a password ("radius secret r4diusS3cret")."""
    return token_like(value) and (len(value) >= 16 or strong_password(value))


def strong_password(value: str) -> bool:
    """Three of upper, lower, digit, symbol and eight characters: `admin / Adm1n@2024` without any key word."""
    classes = (str.isupper, str.islower, str.isdigit, lambda ch: ch in _SYMBOLS)
    return len(value) >= 8 and sum(any(test(ch) for ch in value) for test in classes) >= 3 and plausible(value)


def digits_code(value: str) -> bool:
    """A PIN, passcode or backup code: four or more digits, maybe in groups (`4921-8837`)."""
    return sum(ch.isdigit() for ch in value) >= 4 and all(ch.isdigit() or ch in "- " for ch in value)


def is_email(value: str) -> bool:
    return re.fullmatch(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+", value) is not None


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def mixed_case_token(value: str) -> bool:
    """Upper, lower and digits, random (entropy of a shuffled alphabet, not of a CamelCase identifier)."""
    classes = (str.isupper, str.islower, str.isdigit)
    return all(sum(map(test, value)) >= 2 for test in classes) and entropy(value) >= 4.0 and "//" not in value


def aws_secret_like(value: str) -> bool:
    """40 base64 characters with upper, lower and digits, and random: not a git SHA, a path or a word run."""
    classes = (str.isupper, str.islower, str.isdigit)
    return all(any(test(ch) for ch in value) for test in classes) and entropy(value) >= 4.2 and "//" not in value
