"""Secrets given by a key: `.env` and config lines, command-line flags, headers, URLs with a password in them.

`DB_PASSWORD=...`, `PGPASSWORD='...'`, `"client_secret": "..."`, `auth.postgresPassword=...`, `AccountKey=...;`,
`--password X`, `redis-cli -a X`, `curl -u user:pass`, `Authorization: Basic ...`, `postgres://user:pass@host`.
Only the value is replaced, so the reader still sees that a password was there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from redaction.recognizers import Rule
from redaction.secret_values import looks_random, plausible

_I = re.IGNORECASE
# Misspellings included: people type "pasword", "pswd" and "p/w" too.
_WORDS = (
    r"pass(?:word|wd|phrase|code)?|pas+wo?rd|passw|pswd|psw|pwd|p/w|pw|pword|secret|token|credentials?|creds|apikey|auth|"
    r"pin|otp|psk"
)
_KEYS = (
    r"(?:api|access|secret|private|signing|encryption|encrypt|master|account|license|client|app|auth|unseal|service|"
    r"integration|routing|shared[_-]?access|storage|admin|root|deploy|webhook|bot|consumer|subscription|session|hmac|"
    r"jwt|cookie|recovery|ssh|gpg|pgp)[_.-]?key"
)
_VALUE = r"""(?:"(?P<dq>[^"\n]+)"|'(?P<sq>[^'\n]+)'|(?P<bare>[^\s"'`,;]+(?:'[^\s"'`,;]+)*))"""
_ASSIGNMENT = re.compile(
    rf"(?<![\w.$-])(?P<prefix>[\w.-]*?)(?P<word>{_KEYS}|{_WORDS})(?:_(?:json|b64|base64|value|raw|encoded|str))?"
    rf"(?![A-Za-z0-9_])[\"']?"
    rf"\s*(?::=|=>|=|:)\s*(?:(?:bearer|basic|token|ssws|digest)\s+)?{_VALUE}",
    _I,
)


def _glued(prefix: str, word: str) -> bool:
    """`DB_PASSWORD`, `postgresPassword`, `PGPASSWORD` name a password; `bypass` and `monkey` do not."""
    camel = prefix[-1:].islower() and word[0].isupper()
    return not prefix or prefix[-1] in "_.-" or camel or (prefix + word).isupper()


@dataclass(frozen=True)
class Assignments:
    """`key = value` in any syntax where the key names a secret; in a URL query, the value ends at `&`."""

    entity: str = "PASSWORD"
    score: float = 1.0

    def find(self, text: str) -> Iterable[tuple[int, int]]:
        for match in _ASSIGNMENT.finditer(text):
            group = next(g for g in ("dq", "sq", "bare") if match.group(g) is not None)
            start, end = match.span(group)
            if match.start() > 0 and text[match.start() - 1] in "?&":
                end = text.find("&", start, end) if "&" in text[start:end] else end
            if _glued(match.group("prefix"), match.group("word")) and plausible(text[start:end]):
                yield start, end


def _rule(pattern: str, flags: int = 0, entity: str = "PASSWORD") -> Rule:
    return Rule(entity, re.compile(pattern, flags), 1.0, plausible)


_FLAG_VALUE = r"[\"']?(?P<value>[^\s\"']+)"
_FLAGS = r"password|passwd|pass|token|api-?key|secret|(?:auth|access)-token|client-secret"
ASSIGNMENT_RULES: tuple[Rule | Assignments, ...] = (
    Assignments(),
    _rule(rf"--(?:{_FLAGS})(?:=|\s+){_FLAG_VALUE}", _I),
    _rule(rf"\b(?:redis-cli|sshpass)\b[^\n]*?\s-[ap]\s*{_FLAG_VALUE}"),
    _rule(r"\bmysql(?:admin|dump)?\b[^\n]*?\s-p[\"']?(?P<value>[^\s\"']+)"),
    # docker/helm/oc/az/cf login ... -p X: any CLI's login command with a -p flag
    _rule(rf"\blogin\b[^\n]*?\s-p\s+{_FLAG_VALUE}"),
    _rule(rf"\b(?:mongo|mongosh|mongodump|mongorestore)\b[^\n]*?\s-p\s+{_FLAG_VALUE}"),
    _rule(rf"\bsqlcmd\b[^\n]*?\s-P\s*{_FLAG_VALUE}"),
    _rule(rf"\bldap\w*\b[^\n]*?\s-w\s+{_FLAG_VALUE}"),
    _rule(rf"\bhtpasswd\b[^\n]*?\s-\w*b\w*\s+[^\s-]\S*\s+\S+\s+{_FLAG_VALUE}"),  # htpasswd -b FILE USER PASS
    _rule(r"(?:\s-u|--user|--proxy-user)\s+[\"']?[^\s:\"']+:(?P<value>[^\s\"']+)"),  # curl -u user:pass
    _rule(r"\s-U\s+[\"']?[^\s%\"']+%(?P<value>[^\s\"']+)"),  # smbclient -U user%pass
    _rule(r"\becho\s+(?P<q>[\"']?)(?P<value>[^\s\"']+)(?P=q)\s*\|[^\n]*--password-stdin"),
    # <add key="ApiKey" value="..." /> (.NET appSettings), and the whole value of a Cookie header
    _rule(rf"\bkey\s*=\s*\"[^\"]*(?:{_KEYS}|{_WORDS})\"\s+value\s*=\s*\"(?P<value>[^\"]+)\"", _I),
    _rule(r"\b(?:set-)?cookie\s*:\s*(?P<value>[^\s;=]+=[^\s;]+(?:;\s*[^\s;=]+=[^\s;]+)*)", _I, "BEARER_TOKEN"),
    Rule("BEARER_TOKEN", re.compile(r"\bbearer\s+(?P<value>[A-Za-z0-9._~+/-]{8,}=*)", _I), 1.0, looks_random),
    _rule(
        r"\bauthorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|digest|token|apikey|api-key|ssws|bot|key|negotiate|hmac)\s+)?"
        r"(?P<value>[A-Za-z0-9._~+/=-]{6,})",
        _I,
        "BEARER_TOKEN",
    ),
    # scheme://user:pass@host, the password may hold an @ (the last one before the host ends it)
    _rule(r"\b[a-z][a-z0-9+.-]{1,20}://(?P<value>[^\s:/@?#]*:[^\s/]+)@", _I, "CONNECTION_STRING"),
)
