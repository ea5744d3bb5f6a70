"""Secret patterns: tokens, keys, passwords and credentials in connection strings. All become <SECRET>.

Recall matters more than precision here (target 1.0): a false positive costs a word, a miss costs a rotation.
The loose forms (`password is ...`, a bare 40-character AWS secret) carry a check that the value looks random.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from redaction.recognizers import Rule

_FLAGS = re.IGNORECASE
_KEY_WORDS = (
    r"pass(?:word|wd|phrase)?|pwd|pw|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|"
    r"(?:access|auth|refresh|api|bot|bearer)?[_-]?token|private[_-]?key|secret[_-]?key|integration[_-]?key|"
    r"signing[_-]?key|credentials?"
)
_NOT_A_VALUE = re.compile(r"(?:true|false|null|none|nil|yes|no|\*+|x+|redacted|required|optional)\Z", _FLAGS)


def _plausible(value: str) -> bool:
    """A value after `key:` or `key=`: anything but a flag, a reference (`${VAR}`) or a placeholder."""
    return len(value) >= 3 and not _NOT_A_VALUE.match(value) and value[0] not in "$%{<‹"


def _looks_random(value: str) -> bool:
    """A value after `password is` or `token`: letters plus digits or symbols, so prose does not qualify."""
    has_letter = any(ch.isalpha() for ch in value)
    has_other = any(ch.isdigit() or ch in "!@#$%^&*?~+=/\\|_" for ch in value)
    return len(value) >= 6 and has_letter and has_other and _plausible(value)


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _aws_secret_like(value: str) -> bool:
    """40 base64 characters with upper, lower and digits, and random: not a git SHA, a path or a word run."""
    classes = (str.isupper, str.islower, str.isdigit)
    return all(any(test(ch) for ch in value) for test in classes) and _entropy(value) >= 4.2 and "//" not in value


def _rule(
    entity: str, pattern: str, score: float = 1.0, flags: int = 0, check: Callable[[str], bool] | None = None
) -> Rule:
    return Rule(entity, re.compile(pattern, flags), score, check)


SECRET_RULES: tuple[Rule, ...] = (
    _rule("SLACK_TOKEN", r"\b(?:xoxe\.)?xox[abposre]-[A-Za-z0-9-]{8,}"),
    _rule("SLACK_TOKEN", r"\bxapp-[A-Za-z0-9-]{8,}"),
    _rule("SLACK_TOKEN", r"hooks\.slack\.com/(?:services|workflows)/(?P<value>[A-Za-z0-9/_-]{16,})"),
    _rule("GITHUB_TOKEN", r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
    _rule("GITHUB_TOKEN", r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    _rule("API_KEY", r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}"),
    _rule("API_KEY", r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"),
    _rule("API_KEY", r"\bAIza[0-9A-Za-z_-]{35}"),
    _rule("API_KEY", r"\b(?:glpat|glrt|gldt)-[A-Za-z0-9_-]{20,}"),
    _rule("API_KEY", r"\b(?:npm|hf|whsec|dop_v1|pypi)_[A-Za-z0-9+/=_-]{20,}"),
    _rule("API_KEY", r"\bSG\.[\w-]{16,}\.[\w-]{16,}"),
    _rule("AWS_ACCESS_KEY_ID", r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b"),
    _rule("AWS_SECRET_KEY", r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", 0.9, check=_aws_secret_like),
    _rule("JWT", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    _rule(
        "PRIVATE_KEY",
        r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
    ),
    _rule("PRIVATE_KEY", r"\bMII[A-Za-z0-9+/]{60,}={0,2}", 0.9),
    _rule("BEARER_TOKEN", r"\bbearer\s+(?P<value>[A-Za-z0-9._~+/-]{8,}=*)", flags=_FLAGS, check=_looks_random),
    _rule(
        "BEARER_TOKEN",
        r"\bauthorization[\"']?\s*[:=]\s*[\"']?(?:basic|digest|token|apikey)\s+(?P<value>[A-Za-z0-9._~+/-]{6,}=*)",
        flags=_FLAGS,
    ),
    _rule("CONNECTION_STRING", r"\b[a-z][a-z0-9+.-]{1,20}://(?P<value>[^\s:/@?#]*:[^\s@/]+)@", flags=_FLAGS),
    # key: value, key=value, "key": "value", KEY => value (DB_PASSWORD=..., aws_secret_access_key = ...)
    _rule(
        "PASSWORD",
        rf"(?<![A-Za-z0-9])(?:[\w.-]*[_.-])?(?:{_KEY_WORDS})[\"']?\s*(?::|=>?)\s*[\"']?(?P<value>[^\s\"'`,;]+)",
        flags=_FLAGS,
        check=_plausible,
    ),
    # password Adm1n!, the password for the staging admin is S3cret!, token abc123def456
    _rule(
        "PASSWORD",
        rf"\b(?:{_KEY_WORDS}|api key)\b[^\w\s]?(?:\s+(?!is\b|was\b)[^\s]+){{0,4}}?"
        rf"\s+(?:is|was)\s*:?\s+[\"']?(?P<value>[^\s\"'`,;]+)",
        0.9,
        _FLAGS,
        _looks_random,
    ),
    _rule(
        "PASSWORD",
        r"\b(?:password|passwd|passphrase|pwd|token|api key)\s+[\"']?(?P<value>[^\s\"'`,;]+)",
        0.9,
        _FLAGS,
        _looks_random,
    ),
    # command lines: --password X, redis-cli -a X, mysql -pX, sshpass -p X
    _rule("PASSWORD", r"--(?:password|passwd|token|api-key|secret)(?:=|\s+)[\"']?(?P<value>[^\s\"']+)", flags=_FLAGS),
    _rule("PASSWORD", r"\b(?:redis-cli|sshpass)\b[^\n]*?\s-[ap]\s*[\"']?(?P<value>[^\s\"']+)"),
    _rule("PASSWORD", r"\bmysql(?:admin|dump)?\b[^\n]*?\s-p[\"']?(?P<value>[^\s\"']+)"),
)
