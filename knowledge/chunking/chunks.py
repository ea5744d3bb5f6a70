"""A document -> its chunks: runbooks by heading, tickets as problem, resolution and discussion."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.chunking.context import flatten, summary
from knowledge.chunking.labels import header, label
from knowledge.chunking.sections import Section, parse_sections
from knowledge.chunking.sizing import merge_small, split_long
from knowledge.documents import Document
from knowledge.tuning import RetrievalTuning

DEFAULT_TUNING = RetrievalTuning()


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document."""

    index: int
    section: str  # e.g. `KubePodCrashLooping › Diagnosis`
    text: str  # what a reader sees
    header: str  # title and section path (identifiers spelled out), or "" when the tuning leaves it out
    indexed_text: str  # what is embedded: the header, the text, then the document's summary

    @property
    def sparse_text(self) -> str:
        """What BM25 encodes: the header counts twice, a field boost for title and section."""
        return f"{self.header}\n{self.indexed_text}"


def chunk_document(document: Document, tuning: RetrievalTuning = DEFAULT_TUNING) -> list[Chunk]:
    """Chunks in document order; a document without text has none."""
    if document.kind == "ticket":
        groups, context = _ticket_groups(document), ""
    else:
        sections = parse_sections(document.body, document.title)
        groups = merge_small([piece for section in sections for piece in split_long(section)])
        context = summary(sections) if tuning.chunk_context else ""
    return [_chunk(index, document, group, context, tuning) for index, group in enumerate(groups)]


def _ticket_groups(document: Document) -> list[list[Section]]:
    parts = [
        Section(("Problem",), f"{document.title}\n\n{document.body}".strip()),
        Section(("Resolution",), document.resolution),
        Section(("Discussion",), "\n\n".join(document.comments)),
    ]
    return [[piece] for part in parts if part.text for piece in split_long(part)]


def _chunk(index: int, document: Document, group: list[Section], context: str, tuning: RetrievalTuning) -> Chunk:
    section = label(group)
    text = group[0].text if len(group) == 1 else "\n\n".join(_with_heading(part) for part in group)
    title = f"{document.source}: {document.title}" if document.kind == "ticket" else document.title
    lead = header(title, section) if tuning.chunk_header else ""
    context = "" if context[:60] in flatten(text) else context  # the chunk that holds the summary already
    indexed = "\n\n".join(part for part in (lead, text, context) if part)
    return Chunk(index=index, section=section, text=text, header=lead, indexed_text=indexed)


def _with_heading(section: Section) -> str:
    return f"{section.path[-1]}\n{section.text}"
