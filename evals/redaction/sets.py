"""The labelled sets: Opsbot's two chat sets (held-in and held-out parts) and presidio-research's synthetic set.

Labels are inline, `[[PERSON:Priya Natarajan]]`; a tag without a value (`[[SLACK_TOKEN]]`, or
`[[API_KEY:~gitlab]]` for a given form) is filled with a generated fake secret (fakes.py).

- chat (evals/data/redaction_chat.jsonl, 245 messages): each line names its `split` (`dev` held in, `test` held out).
- opschat (evals/data/redaction_opschat.jsonl, 440 messages, written for issue 16): the split is not stored but
  decided by a rule fixed before any tuning: a message is held out when the SHA-256 of its id, read as a number, is
  odd. Nobody can move a message between parts without renaming it, and errors are only ever listed for the
  held-in part.
- fresh (evals/data/redaction_fresh.jsonl, 180 messages): written in the second round of issue 16 before that round
  changed any rule; held out as a whole (names in every position, secrets in every form people type, ops words that
  look like names or secrets). Its errors are never listed.
- round2 (evals/data/redaction_round2.jsonl, 110 messages): written next, in the same kinds but other words, as the
  held-in material the second round tuned on (the earlier sets' held-in parts had no errors left to learn from).
- issues (evals/data/redaction_issues.jsonl): the examples reported in issues 14 and 16 ("Jane Doe jane@…" stored as
  "<PERSON_1> Doe", "Okta says 'Push sent!'") and a few like them. They were known while tuning, so they are a row
  of their own, in no held-out part.
- synthetic: presidio-research's synth_dataset_v2.json (MIT), restricted to the entity types Opsbot redacts, split
  by the same rule on `synth-<index>`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from evals.redaction.fakes import fake_secret
from redaction.entities import PII_ENTITIES

DATA = Path(__file__).resolve().parents[1] / "data"
CHAT = DATA / "redaction_chat.jsonl"
OPSCHAT = DATA / "redaction_opschat.jsonl"
ISSUES = DATA / "redaction_issues.jsonl"
FRESH = DATA / "redaction_fresh.jsonl"
ROUND2 = DATA / "redaction_round2.jsonl"
SYNTHETIC = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "presidio-research" / "synth_dataset_v2.json"
HELD_IN, HELD_OUT = "held-in", "held-out"

# The chat platform's user directory as the Slack adapter would feed it: employees only, never customers, vendors,
# candidates or people who have left. Most names in the sets are not in it.
DIRECTORY = [
    "Priya Natarajan", "Tom Becker", "Maria Gonzalez", "Wei Zhang", "Aisha Bello", "Lars Eriksson", "Fatima Khan",
    "Diego Ramos", "Hannah Schmidt", "Kenji Watanabe", "Olivia Brown", "Sanjay Gupta", "Chloe Dubois",
    "Mateo Rossi", "Nadia Petrova", "Ben Carter", "Grace Okafor", "Rahul Mehta", "Emily Clarke", "Jonas Weber",
    "Sofia Lindqvist", "Marcus Johnson", "Yuki Tanaka", "Ahmed Hassan", "Laura Jenkins", "Kevin Nguyen",
    "Isabel Costa", "Mark Davies", "Rebecca Hoffmann", "Arjun Patel", "Tobias Lang",
    # opschat employees
    "Ingrid Solberg", "Kwame Mensah", "Oleksandr Kovalenko", "Zeynep Yılmaz", "Björn Halvorsen", "Olamide Bakare",
    "Haruto Sato", "Siobhan O'Connor", "Thabo Nkosi", "Aoife Byrne", "Kofi Boateng", "Ravi Subramanian",
    "Farhan Rahman", "Lakshmi Narayanan", "Mei-Ling Chou", "Camila Rojas", "Jae-won Park", "Dmitri Volkov",
    "Tariq Aziz", "Nomvula Dlamini", "Giorgos Papadopoulos", "Chidi Okonkwo", "Rania Haddad", "Tomasz Wiśniewski",
    "Eero Virtanen", "Priyanka Iyer", "Arnav Desai", "Sione Tupou", "Valentina Greco", "Yusuf Demir",
    "Marta Kowalczyk", "Shreya Kulkarni", "Amélie Laurent", "João Pereira", "Mohammed Al-Farsi", "Anh Tran",
    "Xu Ming", "Sakura Ito", "Leilani Kahale", "Esperanza Villanueva", "Hamza Qureshi", "Aarav Sharma",
    "Grant Hughes", "Owen Price", "Chase Bennett", "Rachel Stein", "Daniel Kim", "Liam Murphy", "Greg Walsh",
    "Nasrin Akter", "Juan Carlos Ortega", "Kim Min-jun", "Li Wei", "Nguyen Van An", "Nguyen Thi Mai", "Ji-ho Choi",
    "Abdul Rahman Haddad", "Jan van der Berg",
]  # fmt: skip
CUSTOM_PATTERNS = {"EMPLOYEE_ID": r"\bEMP-\d{5}\b"}

_TAG = re.compile(r"\[\[([A-Z_]+)(?::(.*?))?\]\]")


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


def parse_tagged(sample_id: str, tagged: str) -> Sample:
    """Turn inline tags into text plus gold spans, generating fake secrets for tags without a value."""
    rng = random.Random(sample_id)
    text: list[str] = []
    gold: list[Gold] = []
    last = length = 0
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


def held_out(sample_id: str) -> bool:
    """The opschat split rule, fixed before tuning: the SHA-256 of the id is odd."""
    return int(hashlib.sha256(sample_id.encode()).hexdigest(), 16) % 2 == 1


def load_chat(path: Path = CHAT, part: str = "all") -> list[Sample]:
    """The first chat set; `part` is held-in (its `dev` lines), held-out (`test`) or all."""
    wanted = {HELD_IN: "dev", HELD_OUT: "test"}.get(part)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [parse_tagged(r["id"], r["text"]) for r in rows if wanted in (None, r["split"])]


def load_opschat(path: Path = OPSCHAT, part: str = "all") -> list[Sample]:
    """The issue-16 chat set; `part` is held-in, held-out (by the id rule) or all."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [parse_tagged(r["id"], r["text"]) for r in rows if part == "all" or held_out(r["id"]) == (part == HELD_OUT)]


def load_fresh(path: Path = FRESH) -> list[Sample]:
    """The second round's set, held out as a whole."""
    return load_issues(path)


def load_round2(path: Path = ROUND2) -> list[Sample]:
    """The second round's held-in set."""
    return load_issues(path)


def load_issues(path: Path = ISSUES) -> list[Sample]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [parse_tagged(r["id"], r["text"]) for r in rows]


def load_synthetic(path: Path = SYNTHETIC, part: str = "all") -> list[Sample]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    samples = [
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
    return [s for s in samples if part == "all" or held_out(s.id) == (part == HELD_OUT)]
