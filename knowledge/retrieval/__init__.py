"""Retrieval for the agent: `Retriever(config).search(query, groups=...)` -> cited hits and a confidence."""

from knowledge.retrieval.hits import Hit, SearchResult
from knowledge.retrieval.retriever import Retriever

__all__ = ["Hit", "Retriever", "SearchResult"]
