"""Redaction quality: precision, recall and values leaked per entity type.

`python -m evals.redaction` runs two sets:
- chat: evals/data/redaction_chat.jsonl, Slack-like ops messages written for Opsbot. Labels are inline,
  `[[PERSON:Priya Natarajan]]`; a tag without a value (`[[SLACK_TOKEN]]`, or `[[API_KEY:~stripe]]` for a given form)
  is filled with a generated fake secret, so no token-shaped string is committed (secret scanners stay quiet).
  Each line has a `split`: tune on `dev`; `test` is for checking (report its numbers, do not tune on its errors).
- synthetic: presidio-research's synth_dataset_v2.json (MIT), restricted to the entity types Opsbot redacts.

Matching: a gold value counts as found when a finding of the same type overlaps it (all secret types count as one
type, since all become <SECRET>); a finding is correct when it overlaps a gold value of its type. A value *leaked*
when any of its letters or digits is outside every finding, whatever the finding's type.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from redaction import Finding, Redactor
from redaction.config import RedactionConfig
from redaction.entities import PII_ENTITIES, SECRET_ENTITIES, is_secret

ROOT = Path(__file__).resolve().parent
CHAT = ROOT / "data" / "redaction_chat.jsonl"
SYNTHETIC = ROOT.parent.parent / "shared" / "datasets" / "presidio-research" / "synth_dataset_v2.json"

# The chat platform's user directory as the Slack adapter would feed it: employees only, never customers.
DIRECTORY = [
    "Priya Natarajan", "Tom Becker", "Maria Gonzalez", "Wei Zhang", "Aisha Bello", "Lars Eriksson", "Fatima Khan",
    "Diego Ramos", "Hannah Schmidt", "Kenji Watanabe", "Olivia Brown", "Sanjay Gupta", "Chloe Dubois",
    "Mateo Rossi", "Nadia Petrova", "Ben Carter", "Grace Okafor", "Rahul Mehta", "Emily Clarke", "Jonas Weber",
    "Sofia Lindqvist", "Marcus Johnson", "Yuki Tanaka", "Ahmed Hassan", "Laura Jenkins", "Kevin Nguyen",
    "Isabel Costa", "Mark Davies", "Rebecca Hoffmann", "Arjun Patel", "Tobias Lang",
]  # fmt: skip
CUSTOM_PATTERNS = {"EMPLOYEE_ID": r"\bEMP-\d{5}\b"}

_TAG = re.compile(r"\[\[([A-Z_]+)(?::(.*?))?\]\]")
SECRET = "SECRET"


@dataclass(frozen=True)
class Gold:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class Sample:
    id: str
    text: str
    gold: list[Gold]


def family(entity: str) -> str:
    return SECRET if is_secret(entity) else entity


# --- loading ---------------------------------------------------------------------------------------------------


def load_chat(path: Path = CHAT, split: str = "all") -> list[Sample]:
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if split in ("all", row["split"]):
            samples.append(parse_tagged(row["id"], row["text"]))
    return samples


def parse_tagged(sample_id: str, tagged: str) -> Sample:
    """Turn inline tags into text plus gold spans, generating fake secrets for tags without a value."""
    rng = random.Random(sample_id)
    text, gold, last = [], [], 0
    length = 0
    for match in _TAG.finditer(tagged):
        text.append(tagged[last : match.start()])
        length += match.start() - last
        value = match.group(2) or "~"
        if value.startswith("~"):
            value = fake_secret(match.group(1), rng, value[1:])
        gold.append(Gold(match.group(1), length, length + len(value)))
        text.append(value)
        length += len(value)
        last = match.end()
    text.append(tagged[last:])
    return Sample(sample_id, "".join(text), gold)


def load_synthetic(path: Path = SYNTHETIC) -> list[Sample]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Sample(
            f"synth-{i}",
            row["full_text"],
            [
                Gold(s["entity_type"], s["start_position"], s["end_position"])
                for s in row["spans"]
                if s["entity_type"] in PII_ENTITIES
            ],
        )
        for i, row in enumerate(rows)
    ]


# --- fake secrets (deterministic per sample) ---------------------------------------------------------------------


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
UPPER = string.ascii_uppercase + string.digits


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fake_secret(kind: str, rng: random.Random, variant: str = "") -> str:
    """A fresh token-shaped value; `variant` picks a form (`[[GITHUB_TOKEN:~pat]]`)."""
    makers: dict[str, Callable[[], str]] = {
        "SLACK_TOKEN": lambda: "-".join(
            [
                f"xox{rng.choice('bpa')}",
                _chars(rng, string.digits, 12),
                _chars(rng, string.digits, 13),
                _chars(rng, ALNUM, 24),
            ]
        ),
        "SLACK_TOKEN~webhook": lambda: f"T{_chars(rng, UPPER, 8)}/B{_chars(rng, UPPER, 10)}/{_chars(rng, ALNUM, 24)}",
        "GITHUB_TOKEN": lambda: "ghp_" + _chars(rng, ALNUM, 36),
        "GITHUB_TOKEN~pat": lambda: f"github_pat_11{_chars(rng, UPPER, 20)}_{_chars(rng, ALNUM, 59)}",
        "API_KEY~stripe": lambda: "sk_live_" + _chars(rng, ALNUM, 24),
        "API_KEY~google": lambda: "AIza" + _chars(rng, ALNUM + "-_", 35),
        "AWS_ACCESS_KEY_ID": lambda: "AKIA" + _chars(rng, string.ascii_uppercase + "234567", 16),
        "AWS_SECRET_KEY": lambda: _chars(rng, B64, 40),
        "JWT": lambda: _fake_jwt(rng),
        "PRIVATE_KEY": lambda: _fake_private_key(rng),
        "BEARER_TOKEN": lambda: _chars(rng, ALNUM + "-_", 32),
    }
    return makers[f"{kind}~{variant}" if variant else kind]()


def _fake_jwt(rng: random.Random) -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps({"sub": str(rng.randint(1000, 9999)), "exp": 1900000000}).encode())
    return f"{header}.{payload}.{_b64url(rng.randbytes(32))}"


def _fake_private_key(rng: random.Random) -> str:
    kind = rng.choice(["RSA ", "OPENSSH ", "EC ", ""])
    body = [_chars(rng, B64, 64) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.3:  # pasted half a key: no END line
        return "\n".join([f"-----BEGIN {kind}PRIVATE KEY-----", *body])
    return "\n".join([f"-----BEGIN {kind}PRIVATE KEY-----", *body, f"-----END {kind}PRIVATE KEY-----"])


# --- scoring ---------------------------------------------------------------------------------------------------


@dataclass
class Score:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    leaked: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(samples: Iterable[Sample], redactor: Redactor) -> Score:
    result = Score()
    for sample in samples:
        started = time.perf_counter()
        redacted = redactor.redact(sample.text)
        result.latencies.append((time.perf_counter() - started) * 1000)
        _score_sample(sample, redacted.findings, result)
    return result


def _score_sample(sample: Sample, findings: list[Finding], result: Score) -> None:
    covered: set[int] = set()
    for f in findings:
        covered.update(range(f.start, f.end))
    for g in sample.gold:
        kind = family(g.type)
        result.gold[g.type] += 1
        if any(family(f.type) == kind and overlaps(f.start, f.end, g.start, g.end) for f in findings):
            result.found[g.type] += 1
        else:
            result.errors.append(f"MISS {g.type} {sample.text[g.start : g.end]!r} in {sample.id}: {sample.text!r}")
        if any(sample.text[i].isalnum() and i not in covered for i in range(g.start, g.end)):
            result.leaked[g.type] += 1
    for f in findings:
        kind = family(f.type)
        result.predicted[kind] += 1
        if any(family(g.type) == kind and overlaps(f.start, f.end, g.start, g.end) for g in sample.gold):
            result.correct[kind] += 1
        else:
            result.errors.append(f"FP   {f.type} {sample.text[f.start : f.end]!r} in {sample.id}: {sample.text!r}")


# --- report ----------------------------------------------------------------------------------------------------


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def _row(name: str, gold: int, found: int, leaked: int, pred: int | None, right: int | None) -> str:
    tail = f"{pred:>7}{right:>7}{_ratio(right, pred):>11}" if pred is not None and right is not None else ""
    return f"{name:<20}{gold:>6}{found:>7}{_ratio(found, gold):>8}{leaked:>8}{tail}"


def report(title: str, s: Score) -> Iterator[str]:
    """One row per PII type, one per secret type (recall only), the secrets together, and the total."""
    yield f"\n## {title}"
    yield f"{'type':<20}{'gold':>6}{'found':>7}{'recall':>8}{'leaked':>8}{'pred':>7}{'right':>7}{'precision':>11}"
    for t in sorted(t for t in {*s.gold, *s.predicted} if family(t) != SECRET):
        yield _row(t, s.gold[t], s.found[t], s.leaked[t], s.predicted[t], s.correct[t])
    secrets = sorted(t for t in s.gold if is_secret(t))
    for t in secrets:
        yield _row(f"  {t}", s.gold[t], s.found[t], s.leaked[t], None, None)
    gold, found, leaked = (sum(counter[t] for t in secrets) for counter in (s.gold, s.found, s.leaked))
    yield _row("secrets (all)", gold, found, leaked, s.predicted[SECRET], s.correct[SECRET])
    yield _row(
        "overall",
        sum(s.gold.values()),
        sum(s.found.values()),
        sum(s.leaked.values()),
        sum(s.predicted.values()),
        sum(s.correct.values()),
    )
    lat = sorted(s.latencies)
    if lat:
        yield f"latency ms/message: p50 {lat[len(lat) // 2]:.1f}  p95 {lat[int(len(lat) * 0.95)]:.1f}  (n={len(lat)})"


def build_redactor(directory: bool) -> Redactor:
    config = RedactionConfig(names=DIRECTORY if directory else [], custom_patterns=CUSTOM_PATTERNS)
    return Redactor(config)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.redaction", description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["chat", "synthetic", "all"], default="all")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all", help="chat set split")
    parser.add_argument("--no-directory", action="store_true", help="run the chat set without the name list")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the first N misses and FPs")
    args = parser.parse_args(argv)
    with_directory = build_redactor(directory=True)
    runs: list[tuple[str, Redactor, list[Sample]]] = []
    if args.set in ("chat", "all"):
        chat = load_chat(split=args.split)
        runs.append((f"chat ({args.split}, {len(chat)} messages, directory names)", with_directory, chat))
        if args.no_directory:
            runs.append((f"chat ({args.split}, no directory)", build_redactor(directory=False), chat))
    if args.set in ("synthetic", "all"):
        synthetic = load_synthetic()
        runs.append((f"synthetic presidio-research ({len(synthetic)} texts)", build_redactor(False), synthetic))
    for title, redactor, samples in runs:
        result = score(samples, redactor)
        print("\n".join(report(title, result)))
        for line in result.errors[: args.errors]:
            print("  " + line)
    print(
        f"\nSecret types ({', '.join(SECRET_ENTITIES)}) are one type for matching and precision: all become <SECRET>."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
