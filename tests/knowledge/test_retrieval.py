"""Hybrid retrieval: ACL filtering, filters, diversity, citations, confidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.knowledge.conftest import Index

SECRET_FILE = "runbooks/Break-Glass.md"
PROBES = [
    "break-glass kubeconfig encrypted with age in the breakglass bucket",
    "Break-glass access",
    "where are the emergency credentials",
    "two SRE leads hold the keys",
    "sso emergency",
    "pods keep restarting",
    "x",
]


@pytest.fixture
def loaded(index: Index, corpus: Path) -> Index:
    """The small corpus, ingested."""
    index.ingest(corpus)
    return index


@pytest.mark.parametrize("query", PROBES)
def test_users_outside_the_acl_never_receive_the_chunk(loaded: Index, query: str) -> None:
    """Whatever the query, a user in none of the document's groups gets none of its chunks."""
    for groups in [(), ("dba",), ("SRE",), ("__public__",)]:
        assert SECRET_FILE not in loaded.sources(query, groups=groups, top_k=20)


def test_users_in_one_of_the_groups_see_the_chunk(loaded: Index) -> None:
    """A member of any one of the ACL groups finds the restricted runbook."""
    assert loaded.sources("where are the break-glass credentials", groups=("security",), top_k=1) == [SECRET_FILE]


def test_public_documents_are_visible_to_everyone(loaded: Index) -> None:
    """Documents without an acl are returned to a user with no groups at all."""
    assert loaded.sources("node disk almost full", top_k=1) == ["runbooks/node/NodeFilesystemAlmostOutOfSpace.md"]


def test_kind_and_tag_filters(loaded: Index) -> None:
    """kind restricts hits to runbooks or tickets, tags to documents carrying one of them."""
    assert set(loaded.sources("VPN drops", kind="ticket")) == {"OPS-1", "OPS-2"}
    assert {s.startswith("runbooks/") for s in loaded.sources("VPN drops", kind="runbook")} == {True}
    assert loaded.sources("anything at all", tags=("printer",)) == ["OPS-2"]


def test_one_document_does_not_fill_every_slot(loaded: Index) -> None:
    """Hits come from distinct documents even when one document has several matching chunks."""
    hits = loaded.retriever.search("crash looping pod restart logs memory", groups=[], top_k=5).hits
    assert len({hit.doc_id for hit in hits}) == len(hits) > 1


def test_hits_carry_citations(loaded: Index) -> None:
    """A hit names its source, title, section, kind and url, and serialises to JSON-ready fields."""
    hit = loaded.retriever.search("pods keep restarting", groups=[], top_k=1).hits[0]
    assert (hit.source, hit.title, hit.kind) == (
        "runbooks/kubernetes/KubePodCrashLooping.md",
        "Kube Pod Crash Looping",
        "runbook",
    )
    assert hit.section.startswith("KubePodCrashLooping › ")
    assert hit.url == "https://runbooks.example/KubePodCrashLooping"
    assert set(hit.to_json()) >= {"source", "title", "section", "kind", "score", "text", "url", "doc_id", "chunk_id"}
    assert 0 < hit.score <= 1


def test_confidence_separates_relevant_from_unrelated(loaded: Index) -> None:
    """A question the corpus answers gets a higher confidence than one it does not."""
    relevant = loaded.retriever.search("pod is crash looping and restarting", groups=[])
    unrelated = loaded.retriever.search("how do I expense a taxi ride", groups=[])
    assert relevant.confidence > unrelated.confidence
    assert not unrelated.relevant


def test_empty_query_returns_nothing(loaded: Index) -> None:
    """A blank query returns no hits and zero confidence."""
    result = loaded.retriever.search("   ", groups=[])
    assert (result.hits, result.confidence, result.relevant) == ([], 0.0, False)
