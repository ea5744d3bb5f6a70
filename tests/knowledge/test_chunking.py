"""Chunking by structure: heading paths, size bounds, tiny sections, tickets."""

from __future__ import annotations

from knowledge.chunking import chunk_document
from knowledge.chunking.labels import spell_out_identifiers
from knowledge.chunking.sizing import MAX_CHARS
from knowledge.documents import Document, Origin
from tests.knowledge.conftest import CRASHLOOP


def _doc(body: str, *, kind: str = "runbook", title: str = "Title", **fields: object) -> Document:
    origin = Origin(kind, "/root", "doc.md")  # type: ignore[arg-type]
    return Document(origin=origin, source="doc.md", title=title, body=body, **fields)  # type: ignore[arg-type]


def test_sections_carry_their_heading_path() -> None:
    """Each chunk is labelled with its heading path, e.g. `KubePodCrashLooping › Diagnosis`."""
    body = CRASHLOOP.split("---\n", 2)[2]
    sections = [chunk.section for chunk in chunk_document(_doc(body))]
    assert sections == [
        "KubePodCrashLooping › Meaning",
        "KubePodCrashLooping › Diagnosis",
        "KubePodCrashLooping › Mitigation",
    ]


def test_hash_lines_inside_code_fences_are_not_headings() -> None:
    """A `# comment` inside a fenced code block stays in its section."""
    body = "# Runbook\n\n## Fix\n\nRun this:\n\n```bash\n# restart the service\nsystemctl restart app\n```\n"
    (chunk,) = chunk_document(_doc(body))
    assert chunk.section == "Runbook › Fix"
    assert "# restart the service" in chunk.text


def test_long_sections_are_split_within_the_bound() -> None:
    """A section longer than MAX_CHARS becomes several chunks under the same heading path."""
    body = "# Big\n\n## Steps\n\n" + "\n\n".join(f"Step {i}: " + "do the thing carefully. " * 8 for i in range(40))
    chunks = chunk_document(_doc(body))
    assert len(chunks) > 1
    assert all(len(chunk.text) <= MAX_CHARS for chunk in chunks)
    assert {chunk.section for chunk in chunks} == {"Big › Steps"}


def test_tiny_sections_are_merged_with_a_neighbour() -> None:
    """A one-line section joins its neighbour, and the label names both headings."""
    meaning = "The queue is growing faster than consumers drain it for ten minutes."
    body = f"# Alert\n\n## Meaning\n\n{meaning}\n\n## Impact\n\nLag.\n"
    (chunk,) = chunk_document(_doc(body))
    assert chunk.section == "Alert › Meaning, Impact"
    assert "Impact\nLag." in chunk.text


def test_document_without_h1_is_rooted_at_its_title() -> None:
    """Without a level-1 heading, section paths start with the document title."""
    intro = "This runbook restarts the cache cluster node by node without losing sessions."
    steps = "Drain one node, restart it, wait for it to rejoin, then check the session dashboard."
    chunks = chunk_document(_doc(f"{intro}\n\n## Steps\n\n{steps}", title="Reboot"))
    assert [c.section for c in chunks] == ["Reboot", "Reboot › Steps"]


def test_tickets_become_problem_resolution_and_discussion_chunks() -> None:
    """A ticket is chunked into its problem (title + description), its resolution and its discussion."""
    doc = _doc("It is broken.", kind="ticket", title="VPN drops", resolution="Fixed MTU.", comments=("Try MTU 1300",))
    chunks = chunk_document(doc)
    assert [(c.section, c.text) for c in chunks] == [
        ("Problem", "VPN drops\n\nIt is broken."),
        ("Resolution", "Fixed MTU."),
        ("Discussion", "Try MTU 1300"),
    ]
    assert chunks[1].indexed_text.startswith("doc.md: VPN drops\nResolution")


def test_identifiers_are_spelled_out_for_search() -> None:
    """CamelCase alert names are spelled out as words, and plain words are left alone."""
    assert spell_out_identifiers("KubePodCrashLooping › Diagnosis") == "Kube Pod Crash Looping › Diagnosis"
    assert spell_out_identifiers("etcdHighFsyncDurations") == "etcd High Fsync Durations"
    assert spell_out_identifiers("plain words") == "plain words"


def test_every_chunk_carries_what_the_runbook_is_about() -> None:
    """A Mitigation chunk's indexed text repeats the Meaning, so a symptom question can find it; its shown text does
    not."""
    meaning = "The root filesystem of a node is almost full and kubelet will soon evict pods."
    body = f"# Disk\n\n## Meaning\n\n{meaning}\n\n## Mitigation\n\n" + "Prune old images. " * 10
    chunks = chunk_document(_doc(body))
    mitigation = next(c for c in chunks if c.section.endswith("Mitigation"))
    assert meaning in mitigation.indexed_text
    assert "almost full" not in mitigation.text
