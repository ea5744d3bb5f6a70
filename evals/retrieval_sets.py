"""The retrieval evaluation sets: today's 96 questions, and the larger sets written for issue 16, split in two.

The split is fixed up front by a hash of the question text, never by looking at results: a question is held out
when `int(sha256(text)[:8], 16) % 3 == 0` (about a third). Tuning (fusion weights, the confidence gate, the
follow-up rewriter) reads the held-in part only; the held-out part is only ever printed as totals.

Sets (evals/data/):
- `retrieval_questions.yaml`: today's set (66 answerable over the public corpora, 30 unanswerable), kept as is for
  comparison. It is not split: it was used for tuning before.
- `retrieval_public.yaml`, `retrieval_examples.yaml`: answerable questions over the public corpora and over our own
  examples/ (runbooks and tickets), in five styles; a follow-up carries the earlier turns of its thread.
- `retrieval_unanswerable.yaml`: questions near the corpora's topics that nothing answers.
- `retrieval_fresh.yaml`: 193 answerable and 42 unanswerable questions written in the second round of issue 16,
  before that round changed anything. The whole file is held out (`Question.fresh`), whatever its hash says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
TODAY = DATA / "retrieval_questions.yaml"
ANSWERABLE = (DATA / "retrieval_public.yaml", DATA / "retrieval_examples.yaml")
UNANSWERABLE = DATA / "retrieval_unanswerable.yaml"
FRESH = DATA / "retrieval_fresh.yaml"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPORA = [SHARED / "prometheus-operator-runbooks", SHARED / "openshift-runbooks"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@dataclass(frozen=True)
class Question:
    """One question; `relevant` is empty for an unanswerable one; `thread` holds the earlier user turns."""

    text: str
    relevant: frozenset[str]
    style: str = "symptom"
    thread: tuple[str, ...] = field(default=())
    fresh: bool = False

    @property
    def held_out(self) -> bool:
        """Decided by the hash of the text alone, so the split never depends on results; fresh ones always are."""
        return self.fresh or is_held_out(self.text)

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


@dataclass(frozen=True)
class QuestionSet:
    """A named list of questions (answerable and unanswerable together)."""

    name: str
    questions: list[Question]

    def part(self, name: str) -> QuestionSet:
        """`held-in`, `held-out`, or `all`."""
        if name == "all":
            return self
        keep = name == "held-out"
        return QuestionSet(f"{self.name} {name}", [q for q in self.questions if q.held_out == keep])


def is_held_out(text: str) -> bool:
    """True for about a third of all texts, the same third on every machine and run."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % 3 == 0


def todays_set() -> QuestionSet:
    """The 96 questions used before issue 16."""
    data = yaml.safe_load(TODAY.read_text())
    answerable = [Question(i["question"], frozenset(i["relevant"])) for i in data["answerable"]]
    return QuestionSet("today's set", answerable + [Question(t, frozenset()) for t in data["unanswerable"]])


def new_set() -> QuestionSet:
    """The issue-16 questions over both corpora and examples/, answerable and unanswerable."""
    questions = [_question(item) for path in ANSWERABLE for item in yaml.safe_load(path.read_text())["questions"]]
    unanswerable = yaml.safe_load(UNANSWERABLE.read_text())["questions"]
    return QuestionSet("new set", questions + [Question(text, frozenset(), "unanswerable") for text in unanswerable])


def fresh_set() -> QuestionSet:
    """The second round's questions, held out as a whole: never tuned on, never listed."""
    data = yaml.safe_load(FRESH.read_text())
    answerable = [replace(_question(item), fresh=True) for item in data["questions"]]
    unanswerable = [Question(text, frozenset(), "unanswerable", fresh=True) for text in data["unanswerable"]]
    return QuestionSet("fresh set", answerable + unanswerable)


def _question(item: dict[str, object]) -> Question:
    thread = item.get("thread") or []
    assert isinstance(thread, list)
    relevant = item["rel"]
    assert isinstance(relevant, list)
    return Question(str(item["q"]), frozenset(map(str, relevant)), str(item.get("style", "symptom")), tuple(thread))


def restricted(questions: Sequence[Question], labels: set[str]) -> list[Question]:
    """The questions as asked of an index holding only documents named in `labels`: a question whose relevant
    documents are all elsewhere becomes unanswerable there (the demo index of examples/ has no etcd runbook)."""
    return [replace(q, relevant=q.relevant & labels) for q in questions]


def known_labels(folders: Iterable[Path]) -> set[str]:
    """Every runbook file stem and ticket id under the folders (what a label may name)."""
    from knowledge.indexing.reading import Failure, ReadOptions, read_documents
    from knowledge.sources.discovery import discover
    from knowledge.sources.ticket_fields import FieldMap

    labels: set[str] = set()
    options = ReadOptions(FieldMap({}), None, ())
    for file in discover(list(folders)).files:
        for document in read_documents(file, options):
            if not isinstance(document, Failure):
                labels.add(Path(document.source).stem if document.kind == "runbook" else document.source)
    return labels


def check_labels(sets: Sequence[QuestionSet], labels: set[str]) -> None:
    """Fail early when a label names no document of the corpora."""
    unknown = sorted({label for s in sets for q in s.questions for label in q.relevant} - labels)
    if unknown:
        raise SystemExit(f"labels without a document: {', '.join(unknown)}")
