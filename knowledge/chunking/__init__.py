"""Documents -> chunks, split by structure (markdown headings, ticket fields) and bounded in size."""

from knowledge.chunking.chunks import Chunk, chunk_document

__all__ = ["Chunk", "chunk_document"]
