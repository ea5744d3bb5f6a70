"""Knowledge benchmarks: ingest throughput against the embedding model's raw throughput, and query latency with
and without the ACL filter at the shared corpus' size, 10k and 100k chunks, on the embedded store (qdrant-edge).

`python -m bench knowledge` (or `make bench`). Scale-up reuses the corpus' real vectors with small noise (and its
real BM25 vectors and payloads) instead of embedding 100k texts; 30% of the synthetic documents are restricted to
one of 20 groups. Whole run: a few minutes on 2 cores.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from knowledge.access import PUBLIC, visibility
from knowledge.chunking import Chunk, chunk_document
from knowledge.config import KnowledgeConfig
from knowledge.embedding.onnx_minilm import MiniLMEmbedder
from knowledge.followup import search_query
from knowledge.indexing.reading import Failure, ReadOptions, read_documents
from knowledge.ingest import ingest
from knowledge.retrieval import Retriever
from knowledge.retrieval.coverage import term_signals
from knowledge.sources.discovery import discover
from knowledge.sources.ticket_fields import FieldMap
from knowledge.sparse import SparseEncoder
from knowledge.store.base import Condition, IndexedPoint, SparseVec, Store
from knowledge.store.edge import EdgeStore
from knowledge.tuning import RetrievalTuning

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT.parent / "shared" / "corpus" / name for name in ("prometheus-operator-runbooks", "openshift-runbooks")]
QUESTIONS = ROOT / "evals" / "data" / "retrieval_questions.yaml"
SCALES = (10_000, 100_000)
NOISE = 0.02  # per-dimension noise on unit vectors: synthetic copies keep cosine ~0.9 to their source
GROUPS = [f"group-{i}" for i in range(20)]
REPEAT = 3
TODAY = RetrievalTuning(chunk_context=False, dense_weight=1.5, sparse_weight=1.0, rrf_k=60)  # before issue 16
Embedded = list[tuple[list[float], SparseVec]]


def corpus_chunks() -> list[Chunk]:
    """Every chunk of both corpora, as ingestion would make them."""
    found = discover(CORPORA)
    options = ReadOptions(FieldMap({}), None, ())
    documents = [d for f in found.files for d in read_documents(f, options) if not isinstance(d, Failure)]
    return [chunk for document in documents for chunk in chunk_document(document)]


def raw_throughput(embedder: MiniLMEmbedder, chunks: Sequence[Chunk]) -> tuple[float, np.ndarray]:
    """Chunks per second of the embedding model alone on these chunks, and the vectors."""
    started = time.perf_counter()
    vectors = embedder.embed_documents([chunk.indexed_text for chunk in chunks])
    return len(chunks) / (time.perf_counter() - started), vectors


def ingest_throughput(embedder: MiniLMEmbedder, home: Path) -> tuple[float, int, float]:
    """(chunks per second, chunks, seconds) of a full ingest of both corpora into a fresh embedded store."""
    summary = ingest(KnowledgeConfig(home=home), CORPORA, embedder=embedder)
    return summary.chunks_per_second, summary.chunks, summary.seconds


def percentiles(samples: Sequence[float]) -> str:
    ms = sorted(1000 * s for s in samples)
    return f"p50 {statistics.median(ms):6.1f} ms  p95 {ms[int(0.95 * (len(ms) - 1))]:6.1f} ms"


def timed(call: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def questions() -> list[str]:
    import yaml

    data = yaml.safe_load(QUESTIONS.read_text())
    return [item["question"] for item in data["answerable"]] + list(data["unanswerable"])


def store_latency(store: Store, queries: Embedded, conditions: list[Condition]) -> str:
    """Latency of the store's dense + BM25 batch query alone."""
    samples: list[float] = []
    for dense, sparse in queries * REPEAT:
        samples += timed(lambda d=dense, s=sparse: store.search(d, s, conditions, 50), 1)  # type: ignore[misc]
    return percentiles(samples)


def search_latency(retriever: Retriever, texts: list[str], groups: list[str]) -> str:
    """Latency of a whole search: query embedding, both queries, fusion, collapsing."""
    samples: list[float] = []
    for text in texts * REPEAT:
        samples += timed(lambda t=text: retriever.search(t, groups=groups), 1)  # type: ignore[misc]
    return percentiles(samples)


def synthetic_points(chunks: Sequence[Chunk], vectors: np.ndarray, count: int, seed: int = 7) -> list[IndexedPoint]:
    """`count` points copied from the real chunks, vectors jittered, a third of the documents restricted."""
    rng = np.random.default_rng(seed)
    sparse = SparseEncoder()
    encoded = [sparse.encode_document(chunk.sparse_text) for chunk in chunks]
    points = []
    for i in range(count):
        j = i % len(chunks)
        vector = vectors[j] + rng.normal(0, NOISE, vectors.shape[1]).astype(np.float32)
        acl = [GROUPS[int(rng.integers(len(GROUPS)))]] if rng.random() < 0.3 else [PUBLIC]
        payload = {"doc_id": str(uuid.UUID(int=i // 4)), "chunk_index": i % 4, "kind": "runbook", "acl": acl}
        payload |= {"text": chunks[j].text, "section": chunks[j].section, "source": f"synthetic/{i // 4}.md"}
        points.append(
            IndexedPoint(str(uuid.UUID(int=i)), (vector / np.linalg.norm(vector)).tolist(), encoded[j], payload)
        )
    return points


def build_scaled(path: Path, points: list[IndexedPoint]) -> tuple[EdgeStore, float, float]:
    """A new embedded store holding `points`; returns it with the seconds to write and to optimise."""
    store = EdgeStore(path, len(points[0].dense))
    started = time.perf_counter()
    for start in range(0, len(points), 1000):
        store.upsert(points[start : start + 1000])
    written = time.perf_counter() - started
    store.commit()
    return store, written, time.perf_counter() - started - written


def followup_queries(texts: list[str]) -> list[str]:
    """Each question asked as a follow-up ("how do I fix it?") after it: the query the thread rewriter builds."""
    return [search_query("how do I fix it?", [text]) for text in texts]


def report_latency(label: str, store: Store, retriever: Retriever, texts: list[str], embedded: Embedded) -> None:
    print(f"\n{label}: {store.count():,} chunks")
    print(f"  store query, no filter       {store_latency(store, embedded, [])}")
    print(f"  store query, ACL filter      {store_latency(store, embedded, [visibility(['group-3'])])}")
    print(f"  search(), ACL filter         {search_latency(retriever, texts, ['group-3'])}")
    today = Retriever(retriever._config.model_copy(update={"tuning": TODAY}), embedder=retriever._embedder, store=store)
    print(f"  search(), today's fusion     {search_latency(today, texts, ['group-3'])}")
    followups = followup_queries(texts)
    print(f"  search(), follow-up query    {search_latency(retriever, followups, ['group-3'])}", flush=True)


def report_throughput(embedder: MiniLMEmbedder, chunks: Sequence[Chunk], home: Path) -> np.ndarray:
    """Raw model throughput (before and after, the machine may be shared) around a full ingest; returns vectors."""
    before, vectors = raw_throughput(embedder, chunks)
    rate, count, seconds = ingest_throughput(embedder, home)
    after, _ = raw_throughput(embedder, chunks)
    raw = (before + after) / 2
    print(f"embedding model alone: {raw:6.1f} chunks/s (before ingest {before:.1f}, after {after:.1f})")
    print(f"ingest (read, chunk, embed, BM25, write): {rate:6.1f} chunks/s ({count} chunks in {seconds:.1f} s)")
    print(f"ingest / raw model throughput: {rate / raw:.0%} (target >= 80%)", flush=True)
    return vectors


def report_scaled(scratch: Path, chunks: Sequence[Chunk], vectors: np.ndarray, embedder: MiniLMEmbedder) -> None:
    """Latency on synthetic stores of each size in SCALES."""
    texts = questions()
    sparse = SparseEncoder()
    embedded = [(embedder.embed_query(t).tolist(), sparse.encode_query(t)) for t in texts]
    config = KnowledgeConfig(home=scratch / "real")
    for scale in SCALES:
        store, written, optimised = build_scaled(scratch / str(scale), synthetic_points(chunks, vectors, scale))
        print(f"\nsynthetic {scale:,}: written in {written:.1f} s, indexed (optimize) in {optimised:.1f} s")
        report_latency(
            f"synthetic {scale:,}", store, Retriever(config, embedder=embedder, store=store), texts, embedded
        )
        store.close()


def term_signal_latency(home: Path, embedder: MiniLMEmbedder, texts: list[str]) -> str:
    """The gate's term coverage (knowledge/retrieval/coverage.py): the search cost the confidence model added."""
    sparse = SparseEncoder()
    config = KnowledgeConfig(home=home)
    retriever = Retriever(config, embedder=embedder)
    found = [(sparse.encode_query(t), retriever.evidence(t, groups=[]).candidates) for t in texts]
    retriever.close()
    samples: list[float] = []
    for query, candidates in found * REPEAT:
        samples += timed(lambda q=query, c=candidates: term_signals(q, c, sparse), 1)  # type: ignore[misc]
    return percentiles(samples)


def report_real(home: Path, embedder: MiniLMEmbedder) -> None:
    """Latency on the index of the shared corpus."""
    texts = questions()
    sparse = SparseEncoder()
    embedded = [(embedder.embed_query(t).tolist(), sparse.encode_query(t)) for t in texts]
    print(f"query embedding alone          {percentiles(timed(lambda: embedder.embed_query(texts[0]), 100))}")
    thread = ["pods keep restarting over and over since the deploy, restart count 12"]
    rewrite = timed(lambda: search_query("how do I fix it?", thread), 1000)
    print(f"follow-up rewrite alone        {percentiles(rewrite)}")
    print(f"confidence term signals alone  {term_signal_latency(home, embedder, texts)}")
    config = KnowledgeConfig(home=home)
    store = EdgeStore(config.qdrant_path / config.collection, embedder.dimension)
    report_latency("shared corpus", store, Retriever(config, embedder=embedder, store=store), texts, embedded)
    store.close()


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    embedder = MiniLMEmbedder()
    chunks = corpus_chunks()
    with tempfile.TemporaryDirectory(prefix="opsbot-bench-") as scratch:
        vectors = report_throughput(embedder, chunks, Path(scratch) / "real")
        report_real(Path(scratch) / "real", embedder)
        report_scaled(Path(scratch), chunks, vectors, embedder)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
