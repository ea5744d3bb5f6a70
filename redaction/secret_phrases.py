"""Secrets told in prose: "the password is ...", "pw Tr0ub4dor&3", "passcode 448291", "creds are app / S3cret!".

After a password word the scanner reads the next few words of the clause. A value joined to it by "is", "was",
"to", ":" or "=" is a secret unless it is a word *about* the password ("expired", "in 1Password", "the same");
a value with no such joint must look machine-made. Weaker words (token, key, secret) only ever take token-like
values, so "the secret name is payments-db" and "token rotation at 02:00" stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from redaction.recognizers import Rule
from redaction.secret_values import (
    FILLERS,
    STOP,
    digits_code,
    long_token,
    looks_random,
    machine_made,
    plausible,
    strong_password,
    token_like,
)

Check = Callable[[str], bool]


@dataclass(frozen=True)
class Word:
    """A password-like word and what it accepts: joined by "is"/":" (`joined`) or right after it (`alone`)."""

    pattern: str
    joined: Check
    alone: Check
    several: bool = False  # "recovery codes: a b c"
    phrase: bool = False  # "the passphrase is purple monkey dishwasher"


def _never(value: str) -> bool:
    return False


def _code(value: str) -> bool:
    """A PIN, a backup code, a recovery key in groups (`ABCD-EFGH-IJKL-MNOP`, BitLocker's digit groups)."""
    grouped = re.fullmatch(r"[A-Z0-9]{4,8}(?:-[A-Z0-9]{4,8}){3,}", value) is not None
    return digits_code(value) or token_like(value) or grouped


_WORDS = (
    Word(
        r"(?i:passwords?|passwd|pas+wo?rds?|passw|pswd|psw|pwd|p/w|pw|pword|psk|creds|credentials)|[A-Z][A-Z0-9_]*PASSWORD|"
        # the same word in the languages of the team: French, German, Dutch, Spanish, Portuguese, Italian, Polish,
        # Swedish, Finnish, Turkish
        r"(?i:mot\s+de\s+passe|passwort|kennwort|wachtwoord|contrase[ñn]a|senha|parola\s+d'ordine|has[łl]o|"
        r"l[öo]senord|salasana|[şs]ifre)|"
        r"[\w-]+[_-](?i:password)",
        plausible,
        machine_made,
    ),
    Word(r"(?i:pass[ \t]?phrases?)", plausible, machine_made, phrase=True),  # before "pass": "pass phrase is ..."
    Word(r"(?i:pass)(?=\s+(?:is|was)\b)", plausible, machine_made),
    Word(r"(?i:pass)", _never, machine_made),  # "pass N0tThis1!", not "pass it to Kofi"
    Word(r"(?i:passcodes?|otp|(?:door|access|entry|gate|alarm|pin)\s+code)|PIN", _code, _code),
    Word(r"(?i:pin)", digits_code, digits_code),  # "pin 2468 for the printer", not "pin the chart to 1.2.3"
    Word(r"(?i:(?:backup|recovery|mfa|2fa|otp|verification)\s+codes?)", _code, _code, several=True),
    Word(r"(?i:(?:recovery|bitlocker|unlock|unseal|license|product)\s+keys?)", _code, _code),
    Word(r"(?i:tokens?|secrets?|keys?|pat|community\s+string|seed)", token_like, long_token),
)
_KEYWORD = re.compile("|".join(rf"(?<![\w-])(?P<w{i}>{w.pattern})(?![\w-])" for i, w in enumerate(_WORDS)))
_TOKEN = re.compile(r"\"[^\"\n]+\"|'[^'\n]+'|“[^”\n]+”|[^\s]+")
_JOINTS = frozenset({"is", "was", "are", "were", "be", "to", "=", ":", "->", "=>", "is:", "equals"})
_TRANSITIONS = frozenset({"reset", "changed", "set", "updated", "rotated", "switched", "moved", "now"})
_WINDOW = 10
_TRAIL = ".,;:)]}"


def _tokens(text: str, start: int) -> Iterator[re.Match[str]]:
    """The next words of the same line."""
    end = text.find("\n", start)
    yield from _TOKEN.finditer(text, start, len(text) if end < 0 else end)


def _core(token: re.Match[str]) -> tuple[int, int]:
    """The token without closing punctuation, or the inside of a quoted token."""
    start, end = token.span()
    if token.group()[0] in "\"'“":
        return start + 1, end - 1
    while end > start + 1 and token.group()[end - 1 - token.start()] in _TRAIL:
        end -= 1
    return start, end


def scan(text: str, word: Word, start: int) -> Iterator[tuple[int, int]]:
    """Values after a password word, up to the end of its clause; `KEY=value` is left to assignments.py."""
    if re.match(r"[\"']?[:=]\S", text[start : start + 3]):
        return
    joined = False
    tokens = list(_tokens(text, start))[:_WINDOW]
    for index, token in enumerate(tokens):
        raw, (s, e) = token.group(), _core(token)
        value, low = text[s:e], text[s:e].casefold()
        if low in _JOINTS or (raw.endswith(":") and not raw.startswith(("http", '"', "'"))):
            joined = True
        elif word.phrase and joined and _words_of_a_phrase(tokens[index : index + 4]):
            yield from _value(text, (s, e), tokens[index + 1 :], word)
            return
        elif low in FILLERS or (joined and low in _TRANSITIONS):
            joined = joined and low not in _TRANSITIONS
        elif (raw[0] in "\"'“" and (joined or index == 0) and plausible(value)) or (
            word.joined if joined else word.alone
        )(value):
            yield from _value(text, (s, e), tokens[index + 1 :], word)
            if joined:
                return
        elif joined and low in STOP:
            return
        if raw.endswith((",", ";", ".")):
            return


def _words_of_a_phrase(tokens: list[re.Match[str]]) -> bool:
    """ "passphrase: correct horse battery staple" (three words that are not function or status words among the next
    four), not "passphrase: required for the key"."""
    return sum(token.group().strip(_TRAIL).casefold() not in STOP for token in tokens) >= 3


def _value(text: str, span: tuple[int, int], rest: list[re.Match[str]], word: Word) -> Iterator[tuple[int, int]]:
    """The value, or what follows it: the password of `app / S3cret!`, more recovery codes, a passphrase's words."""
    if rest and rest[0].group() == "/":  # the value was a user name
        if len(rest) >= 2 and machine_made(rest[1].group().rstrip(_TRAIL)):
            yield _core(rest[1])
        return
    yield span
    for token in rest if word.several or word.phrase else []:
        s, e = _core(token)
        if not (word.phrase or word.joined(text[s:e])):
            return
        yield s, e
        if token.group().endswith((",", ";", ".")):
            return


@dataclass(frozen=True)
class Phrases:
    """The scanner as a finder for the regex recognizer."""

    entity: str = "PASSWORD"
    score: float = 0.9

    def find(self, text: str) -> Iterable[tuple[int, int]]:
        for match in _KEYWORD.finditer(text):
            yield from scan(text, _WORDS[int(str(match.lastgroup)[1:])], match.end())


PHRASE_RULES: tuple[Rule | Phrases, ...] = (
    Phrases(),
    # use Lab$2024 as the password, set it to Lab$2024 as the new pw; Hunter2! is the new password
    Rule(
        "PASSWORD",
        re.compile(
            r"(?i:\b(?:use|try|to|with)\s+)[\"']?(?P<value>[^\s\"']+)[\"']?"
            r"(?i:\s+as\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:\w+\s+)?(?:pass|pw\b|pwd\b))"
        ),
        0.9,
        looks_random,
    ),
    Rule(
        "PASSWORD",
        re.compile(
            r"(?P<value>[^\s\"']+)(?i:\s+(?:is|was)\s+(?:the|my|our|his|her|their)\s+(?:\w+\s+)?(?:password|pw))"
        ),
        0.9,
        looks_random,
    ),
    # log in with svc_backup and Backup#2026 (a user name, then something that looks like a password)
    Rule(
        "PASSWORD",
        re.compile(r"(?i:\blog\s?in\s+(?:with|as|using)\s+)[\w.@+-]+\s+(?:and|/|,)\s+[\"']?(?P<value>[^\s\"',;]+)"),
        0.8,
        strong_password,
    ),
    # root:R00tBox! (a system account and its password, no URL around them)
    Rule(
        "PASSWORD",
        re.compile(
            r"(?<![\w/@.-])(?:root|admin|administrator|sa|postgres|ubuntu|pi|guest|deploy|user):(?P<value>[^\s@/]+)"
        ),
        0.8,
        strong_password,
    ),
    # admin / Adm1n@2024, elena@firma.ro/Bucuresti2024 (no key word at all: the value must look like a password)
    Rule(
        "PASSWORD",
        re.compile(r"(?:(?<![\w/.-])[\w.+-]{2,}\s+/|[\w.%+-]+@[\w.-]+\s*/)\s*[\"']?(?P<value>[^\s\"',;/]+)(?![\w/])"),
        0.8,
        strong_password,
    ),
)
