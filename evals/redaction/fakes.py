"""Fake secrets in the shapes people paste, made fresh per sample so no token-shaped string is committed.

A tag without a value (`[[SLACK_TOKEN]]`) gets its type's usual shape; `[[API_KEY:~gitlab]]` picks a form. The
shapes follow each vendor's documented prefix and length; the bodies are random (seeded by the sample id, so a run
is repeatable).
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
UPPER = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"

Maker = Callable[[random.Random], str]


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt(rng: random.Random) -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps({"sub": str(rng.randint(1000, 9999)), "exp": 1900000000}).encode())
    return f"{header}.{payload}.{_b64url(rng.randbytes(32))}"


def _pem(rng: random.Random, kind: str, lines: int, *, end: bool = True, joiner: str = "\n") -> str:
    body = [_chars(rng, B64, 64) for _ in range(lines)]
    tail = [f"-----END {kind}-----"] if end else []
    return joiner.join([f"-----BEGIN {kind}-----", *body, *tail])


def _private_key(rng: random.Random) -> str:
    kind = rng.choice(["RSA ", "OPENSSH ", "EC ", ""]) + "PRIVATE KEY"
    return _pem(rng, kind, rng.randint(2, 4), end=rng.random() >= 0.3)  # 30%: half a key pasted, no END line


def _putty(rng: random.Random) -> str:
    lines = [_chars(rng, B64, 64) for _ in range(3)]
    return "\n".join(
        [
            "PuTTY-User-Key-File-3: ssh-ed25519",
            "Encryption: none",
            "Comment: jump-host",
            "Public-Lines: 2",
            _chars(rng, B64, 64),
            _chars(rng, B64, 16),
            "Private-Lines: 3",
            *lines,
            f"Private-MAC: {_chars(rng, HEX, 64)}",
        ]
    )


def _openssh_body(rng: random.Random) -> str:
    return "\n".join(["b3BlbnNzaC1rZXktdjEAAAAA" + _chars(rng, B64, 46), *(_chars(rng, B64, 70) for _ in range(2))])


MAKERS: dict[str, Maker] = {
    "SLACK_TOKEN": lambda r: "-".join(
        [f"xox{r.choice('bpa')}", _chars(r, string.digits, 12), _chars(r, string.digits, 13), _chars(r, ALNUM, 24)]
    ),
    "SLACK_TOKEN~webhook": lambda r: f"T{_chars(r, UPPER, 8)}/B{_chars(r, UPPER, 10)}/{_chars(r, ALNUM, 24)}",
    "SLACK_TOKEN~app": lambda r: f"xapp-1-A{_chars(r, UPPER, 10)}-{_chars(r, string.digits, 13)}-{_chars(r, HEX, 64)}",
    "GITHUB_TOKEN": lambda r: "ghp_" + _chars(r, ALNUM, 36),
    "GITHUB_TOKEN~pat": lambda r: f"github_pat_11{_chars(r, UPPER, 20)}_{_chars(r, ALNUM, 59)}",
    "GITHUB_TOKEN~ghs": lambda r: "ghs_" + _chars(r, ALNUM, 36),
    "API_KEY~stripe": lambda r: "sk_live_" + _chars(r, ALNUM, 24),
    "API_KEY~google": lambda r: "AIza" + _chars(r, URLSAFE, 35),
    "API_KEY~openai": lambda r: "sk-proj-" + _chars(r, URLSAFE, 48),
    "API_KEY~anthropic": lambda r: "sk-ant-api03-" + _chars(r, URLSAFE, 93) + "AA",
    "API_KEY~gitlab": lambda r: "glpat-" + _chars(r, URLSAFE, 20),
    "API_KEY~npm": lambda r: "npm_" + _chars(r, ALNUM, 36),
    "API_KEY~hf": lambda r: "hf_" + _chars(r, string.ascii_letters, 34),
    "API_KEY~sendgrid": lambda r: f"SG.{_chars(r, URLSAFE, 22)}.{_chars(r, URLSAFE, 43)}",
    "API_KEY~twilio": lambda r: "SK" + _chars(r, HEX, 32),
    "API_KEY~mailgun": lambda r: "key-" + _chars(r, HEX, 32),
    "API_KEY~vault": lambda r: "hvs." + _chars(r, URLSAFE, 90),
    "API_KEY~grafana": lambda r: f"glsa_{_chars(r, ALNUM, 32)}_{_chars(r, HEX, 8)}",
    "API_KEY~shopify": lambda r: "shpat_" + _chars(r, HEX, 32),
    "API_KEY~atlassian": lambda r: f"ATATT3xFfGF0{_chars(r, URLSAFE, 170)}={_chars(r, UPPER[:16], 8)}",
    "API_KEY~telegram": lambda r: f"{r.randint(10**9, 10**10 - 1)}:AA{_chars(r, URLSAFE, 33)}",
    "API_KEY~uuid": lambda r: "-".join(_chars(r, HEX, n) for n in (8, 4, 4, 4, 12)),
    "API_KEY~databricks": lambda r: "dapi" + _chars(r, HEX, 32),
    "API_KEY~digitalocean": lambda r: "dop_v1_" + _chars(r, HEX, 64),
    "API_KEY~newrelic": lambda r: _chars(r, UPPER, 27),
    "API_KEY~postman": lambda r: f"PMAK-{_chars(r, HEX, 24)}-{_chars(r, HEX, 34)}",
    "API_KEY~linear": lambda r: "lin_api_" + _chars(r, ALNUM, 40),
    "API_KEY~sentry": lambda r: f"sntrys_{_chars(r, ALNUM, 60)}_{_chars(r, URLSAFE, 43)}",
    "API_KEY~okta": lambda r: "00" + _chars(r, URLSAFE, 40),
    "API_KEY~azure": lambda r: _chars(r, B64, 86) + "==",
    "API_KEY~pypi": lambda r: "pypi-AgEIcHlwaS5vcmc" + _chars(r, URLSAFE, 120),
    "API_KEY~dockerhub": lambda r: "dckr_pat_" + _chars(r, URLSAFE, 27),
    "API_KEY~terraform": lambda r: f"{_chars(r, ALNUM, 14)}.atlasv1.{_chars(r, ALNUM, 67)}",
    "API_KEY~age": lambda r: "1" + _chars(r, BECH32, 58),
    "API_KEY~doppler": lambda r: "dp.st.prd." + _chars(r, ALNUM, 40),
    "API_KEY~hex32": lambda r: _chars(r, HEX, 32),
    "API_KEY~b64_32": lambda r: base64.b64encode(r.randbytes(32)).decode(),
    "API_KEY~random": lambda r: _chars(r, ALNUM, r.randint(24, 40)),
    "API_KEY~license": lambda r: "-".join(_chars(r, UPPER, 5) for _ in range(5)),
    "AWS_ACCESS_KEY_ID": lambda r: "AKIA" + _chars(r, string.ascii_uppercase + "234567", 16),
    "AWS_SECRET_KEY": lambda r: _chars(r, B64, 40),
    "AWS_SECRET_KEY~session": lambda r: "IQoJb3JpZ2luX2VjE" + _chars(r, B64, 300),
    "JWT": _jwt,
    "PRIVATE_KEY": _private_key,
    "PRIVATE_KEY~pgp": lambda r: _pem(r, "PGP PRIVATE KEY BLOCK", 4),
    "PRIVATE_KEY~encrypted": lambda r: _pem(r, "ENCRYPTED PRIVATE KEY", 3),
    "PRIVATE_KEY~escaped": lambda r: _pem(r, "PRIVATE KEY", 3, joiner="\\n"),
    "PRIVATE_KEY~putty": _putty,
    "PRIVATE_KEY~body": _openssh_body,
    "PRIVATE_KEY~oneline": lambda r: _pem(r, "RSA PRIVATE KEY", 3, joiner=" "),
    "BEARER_TOKEN": lambda r: _chars(r, URLSAFE, 32),
    "BEARER_TOKEN~jwt": _jwt,
    "BEARER_TOKEN~basic": lambda r: base64.b64encode(f"svc:{_chars(r, ALNUM, 14)}".encode()).decode(),
}


def fake_secret(kind: str, rng: random.Random, variant: str = "") -> str:
    """A fresh value of `kind` in the form `variant` (`fake_secret("API_KEY", rng, "gitlab")`)."""
    key = f"{kind}~{variant}" if variant else kind
    if key not in MAKERS:
        raise KeyError(f"no fake secret for [[{kind}{':~' + variant if variant else ''}]]")
    return MAKERS[key](rng)
