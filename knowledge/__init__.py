"""Knowledge: runbooks and tickets -> chunks -> embeddings -> Qdrant, and hybrid retrieval with ACLs and citations.

Public API:
- `knowledge.config.KnowledgeConfig`: where the index lives, which embedder, ticket field mapping.
- `knowledge.ingest.ingest(config, paths, ...) -> IngestSummary`: incremental, safe indexing.
- `knowledge.retrieval.Retriever(config).search(query, groups=...) -> SearchResult`: ranked, cited hits.
- `knowledge.cli`: the `ingest` and `search` commands' arguments and runners.

The road a document travels: sources/ (files -> Document) -> chunking/ (-> Chunk) -> embedding/ and sparse.py
(-> vectors) -> indexing/ (-> points, written incrementally) -> store/ (Qdrant: embedded qdrant-edge or a server
through qdrant-client) -> retrieval/ (dense + BM25, RRF per document, ACL filter, confidence).
This package reads no environment variables (except `__main__`) and imports nothing from `bot/`.
"""
